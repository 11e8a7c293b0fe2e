// Which @backstage/create-app versions generate apps of the Backstage
// release in backstage.json and of the release before it. Prints one line
// each: "<release> <create-app version>". A create-app package records
// its release in dist/package.json.cjs.js; the newest few are looked at.
//
//   node releases.mjs <backstage.json> <tmpDir>
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [backstageJson, tmpDir] = process.argv.slice(2);
const current = JSON.parse(readFileSync(backstageJson, 'utf8')).version;
const [major, minor] = current.split('.').map(Number);
const wanted = [`${major}.${minor}`, `${major}.${minor - 1}`];

const npm = (...args) =>
  execFileSync('npm', args, { cwd: tmpDir, encoding: 'utf8' }).trim();
const semver = v => v.split('.').map(Number);
const byNewest = (a, b) => {
  const [x, y] = [semver(a), semver(b)];
  return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
};

const versions = JSON.parse(
  npm('view', '@backstage/create-app', 'versions', '--json'),
)
  .filter(v => /^\d+\.\d+\.\d+$/.test(v))
  .sort(byNewest)
  .slice(0, 8);

const found = new Map();
for (const version of versions) {
  const file = npm('pack', '--silent', `@backstage/create-app@${version}`);
  const source = execFileSync(
    'tar',
    ['xzf', file, '-O', 'package/dist/package.json.cjs.js'],
    { cwd: tmpDir, encoding: 'utf8' },
  );
  const release = source.match(/version = "([^"]+)"/)?.[1];
  if (!release) continue;
  if (version === versions[0] && !release.startsWith(`${wanted[0]}.`)) {
    console.error(
      `::: note: the newest @backstage/create-app (${version}) makes Backstage ${release} apps; backstage.json says ${current}`,
    );
  }
  const line = release.split('.').slice(0, 2).join('.');
  if (wanted.includes(line) && !found.has(line))
    found.set(line, [release, version]);
  if (found.size === wanted.length) break;
}
for (const line of wanted) {
  if (!found.has(line)) {
    throw new Error(
      `no @backstage/create-app among ${versions.join(
        ', ',
      )} makes Backstage ${line} apps`,
    );
  }
  console.log(found.get(line).join(' '));
}
