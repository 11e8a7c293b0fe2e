// Two adjustments to a freshly generated app before its first install; they
// change no version our packages meet.
//
// - Native builds the checks never use are skipped (tree-sitter for API
//   docs, ssh2's optional crypto, keytar for the CLI's login): minutes of
//   compiling on a small CI machine. better-sqlite3 is not built either:
//   stock-install.sh copies in the monorepo's build of the same version.
// - Packages whose newest patch needs a newer backend than the release's
//   own are held at the release's version, as in the app's first lockfile:
//   create-app writes `^<release version>` and an install today takes the
//   newest match (e.g. @backstage/plugin-signals-backend 0.3.21 calls
//   httpRouter.addWebSocketHandler, which backend-defaults 0.18 lacks, and
//   the stock backend does not start at all).
//
//   node prepare.mjs <appDir> [package-to-hold...]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [appDir, ...held] = process.argv.slice(2);
const NOT_BUILT = [
  'better-sqlite3',
  'tree-sitter',
  'tree-sitter-json',
  '@tree-sitter-grammars/tree-sitter-yaml',
  'cpu-features',
  'ssh2',
  'keytar',
];

const edit = (file, change) => {
  const path = join(appDir, file);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  change(json);
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
};

edit('package.json', root => {
  root.dependenciesMeta = Object.fromEntries(
    NOT_BUILT.map(name => [name, { built: false }]),
  );
});
for (const file of [
  'packages/backend/package.json',
  'packages/app/package.json',
]) {
  edit(file, pkg => {
    for (const name of held) {
      const range = pkg.dependencies?.[name];
      if (range?.startsWith('^')) {
        pkg.dependencies[name] = range.slice(1);
        console.log(`::: ${file}: ${name} held at ${range.slice(1)}`);
      }
    }
  });
}
