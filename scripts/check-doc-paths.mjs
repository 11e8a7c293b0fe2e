// Fails when the docs name a file or folder that does not exist, so a move
// or rename cannot leave `docs/architecture.md` (or any page) pointing at
// code that is gone.
//
//   node scripts/check-doc-paths.mjs [files…]   (default: README.md docs/*.md)
//
// A backticked token counts as a path when it ends in a source or docs
// extension (`WeComCrypto.ts`, `src/schema/openapi.yaml`) or in `/` (a
// folder: `callbacks/`). It may be written from the repository root, from a
// package, or from a package's `src/`; a bare file name must exist somewhere.
// Routes (`/api/wecom/...`), WeCom API paths (`message/send`) and config keys
// end in neither and are left alone.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const extensions = /\.(ts|tsx|mjs|js|cjs|md|ya?ml|json|sh|sql|hbs|png)$/;
const skipDirs = new Set([
  'node_modules',
  'dist',
  'dist-types',
  '.git',
  'e2e-artifacts',
  'stock-install-artifacts',
  // Written by changesets at release time.
  'CHANGELOG.md',
]);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (skipDirs.has(name) || name.startsWith('.')) continue;
    const full = join(dir, name);
    const stat = statSync(full);
    out.push({ path: relative(root, full), dir: stat.isDirectory() });
    if (stat.isDirectory()) walk(full, out);
  }
  return out;
}

const entries = walk(root, []);
const packageRoots = [
  '',
  ...entries
    .filter(e => e.dir && /^(plugins|packages)\/[^/]+$/.test(e.path))
    .flatMap(e => [`${e.path}/`, `${e.path}/src/`]),
];

function exists(token) {
  const isDir = token.endsWith('/');
  const clean = token.replace(/^\.\//, '').replace(/\/$/, '');
  if (!clean || clean.includes('*') || clean.includes('<')) return true;
  // Made by a build or a test run, not committed.
  if (skipDirs.has(clean.split('/')[0])) return true;
  for (const base of packageRoots) {
    const candidate = join(root, base, clean);
    if (existsSync(candidate) && statSync(candidate).isDirectory() === isDir) {
      return true;
    }
  }
  // A folder or file named from inside an area: `delivery/`, `cards/x.ts`.
  return entries.some(
    e => e.dir === isDir && (e.path === clean || e.path.endsWith(`/${clean}`)),
  );
}

const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [
        'README.md',
        ...readdirSync(join(root, 'docs'))
          .filter(f => f.endsWith('.md'))
          .map(f => `docs/${f}`),
      ];

const missing = [];
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8');
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    for (const [, token] of line.matchAll(/`([^`\s]+)`/g)) {
      const looksLikePath =
        (extensions.test(token) || token.endsWith('/')) &&
        !token.startsWith('/') &&
        !/^\.[a-z]+$/.test(token) &&
        !/^https?:/.test(token) &&
        !token.includes('://');
      if (looksLikePath && !exists(token)) {
        missing.push(`${file}:${index + 1}: \`${token}\` does not exist`);
      }
    }
  });
}

if (missing.length) {
  console.error(missing.join('\n'));
  console.error(
    `\n${missing.length} path(s) named in the docs do not exist: fix the page or the name.`,
  );
  process.exit(1);
}
console.log(
  `Doc paths: every file and folder named in ${files.length} page(s) exists.`,
);
