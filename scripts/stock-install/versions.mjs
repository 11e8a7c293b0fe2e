// The versions of every @backstage/* package in a yarn.lock.
//
//   node versions.mjs save <yarn.lock> <out.json>   records them
//   node versions.mjs compare <before.json> <yarn.lock>
//       prints how many packages have more than one version before and
//       after, and fails when a package gained a version it did not have
//       (a second copy of an API or React context in the app).
import { readFileSync, writeFileSync } from 'node:fs';

function versionsOf(lockPath) {
  const lock = readFileSync(lockPath, 'utf8');
  const versions = {};
  for (const [, name, version] of lock.matchAll(
    /^ {2}resolution: "(@backstage\/[^@"]+)@npm:([^"]+)"$/gm,
  )) {
    (versions[name] ??= []).push(version);
  }
  for (const name of Object.keys(versions)) versions[name].sort();
  return versions;
}

const multiple = versions =>
  Object.entries(versions).filter(([, list]) => list.length > 1);

const [command, first, second] = process.argv.slice(2);
if (command === 'save') {
  writeFileSync(second, JSON.stringify(versionsOf(first), null, 2));
} else if (command === 'compare') {
  const before = JSON.parse(readFileSync(first, 'utf8'));
  const after = versionsOf(second);
  console.log(
    `@backstage/* packages with more than one version: ${
      multiple(before).length
    } in the stock app, ${multiple(after).length} after the install`,
  );
  const gained = Object.entries(after).flatMap(([name, list]) => {
    const had = before[name];
    const added = had ? list.filter(v => !had.includes(v)) : list.slice(1);
    return added.length
      ? [`${name}: ${[...(had ?? [list[0]]), ...added].join(', ')}`]
      : [];
  });
  if (gained.length) {
    console.log(
      `A second version came in with our packages (caret ranges that miss the app's copy?):\n  ${gained.join(
        '\n  ',
      )}`,
    );
    process.exit(1);
  }
} else {
  throw new Error(`unknown command ${command}`);
}
