// Reads the code blocks of the README's "Install into an existing Backstage
// instance" section (up to its first subsection) and applies them to a
// generated app, so the stock-install test does exactly what adopters read.
//
//   node readme.mjs commands <README>        prints the shell commands
//   node readme.mjs apply <README> <appDir>  adds the backend lines, writes
//       each YAML block to app-config.readme-<n>.yaml and each TSX block to
//       packages/app/src/readme-<n>.tsx; prints the config file names
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HEADING = '## Install into an existing Backstage instance';

function installBlocks(readmePath) {
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const start = lines.indexOf(HEADING);
  if (start < 0) throw new Error(`${readmePath} has no "${HEADING}"`);
  const blocks = [];
  let block;
  for (const line of lines.slice(start + 1)) {
    if (!block && /^#{2,3} /.test(line)) break;
    const fence = line.match(/^```(\w*)\s*$/);
    if (fence && !block) {
      block = { lang: fence[1], lines: [] };
    } else if (fence && block) {
      blocks.push({ lang: block.lang, text: `${block.lines.join('\n')}\n` });
      block = undefined;
    } else if (block) {
      block.lines.push(line);
    }
  }
  return blocks;
}

const [command, readmePath, appDir] = process.argv.slice(2);
const blocks = installBlocks(readmePath);

if (command === 'commands') {
  const commands = blocks
    .filter(b => b.lang === 'sh')
    .flatMap(b => b.text.split('\n'))
    .filter(line => line.trim() && !line.trim().startsWith('#'));
  if (!commands.length) throw new Error('no sh block in the install section');
  process.stdout.write(`${commands.join('\n')}\n`);
} else if (command === 'apply') {
  const backendLines = blocks
    .filter(b => b.lang === 'ts' && b.text.includes('backend.add('))
    .map(b => b.text)
    .join('');
  if (!backendLines) throw new Error('no backend.add lines in the section');
  const indexPath = join(appDir, 'packages/backend/src/index.ts');
  const index = readFileSync(indexPath, 'utf8');
  if (!index.includes('backend.start();')) {
    throw new Error(`${indexPath} has no backend.start()`);
  }
  writeFileSync(
    indexPath,
    index.replace('backend.start();', `${backendLines}\nbackend.start();`),
  );
  const configs = [];
  blocks
    .filter(b => b.lang === 'yaml')
    .forEach((b, i) => {
      const name = `app-config.readme-${i + 1}.yaml`;
      writeFileSync(join(appDir, name), b.text);
      configs.push(name);
    });
  blocks
    .filter(b => b.lang === 'tsx')
    .forEach((b, i) => {
      writeFileSync(
        join(appDir, `packages/app/src/readme-${i + 1}.tsx`),
        b.text,
      );
    });
  process.stdout.write(`${configs.join('\n')}\n`);
} else {
  throw new Error(`unknown command ${command}`);
}
