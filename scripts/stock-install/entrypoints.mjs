// Every entry point a packed package declares (main, module, types,
// exports, typesVersions) must be a file in its tarball: a bundler or
// Node.js resolving one that is missing breaks the install.
//
//   node entrypoints.mjs <tarball>...
import { execFileSync } from 'node:child_process';

function targets(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(targets);
  if (value && typeof value === 'object') {
    return Object.values(value).flatMap(targets);
  }
  return [];
}

const missing = [];
for (const tarball of process.argv.slice(2)) {
  const files = new Set(
    execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n'),
  );
  const manifest = JSON.parse(
    execFileSync('tar', ['xzf', tarball, '-O', 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
  const declared = [
    manifest.main,
    manifest.module,
    manifest.types,
    manifest.typings,
    // Export targets are ./ paths (the `backstage` condition names a role).
    ...targets(manifest.exports).filter(path => path.startsWith('./')),
    ...targets(manifest.typesVersions),
  ].filter(Boolean);
  for (const path of declared) {
    if (!files.has(`package/${path.replace(/^\.\//, '')}`)) {
      missing.push(`${manifest.name}: ${path}`);
    }
  }
}
if (missing.length) {
  console.log(`not in the tarball: ${missing.join(', ')}`);
  process.exit(1);
}
