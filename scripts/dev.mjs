// `yarn start`: the WeCom emulator (port 7701) and Backstage (app on 3000,
// backend on 7007) together; Ctrl-C stops both.
import { spawn } from 'node:child_process';

const children = [];
function run(name, command, args) {
  const child = spawn(command, args, { stdio: 'inherit', env: process.env });
  child.on('exit', code => {
    console.log(`[${name}] exited with ${code}`);
    shutdown(code ?? 1);
  });
  children.push(child);
}

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

run('emulator', 'yarn', ['workspace', 'wecom-emulator', 'start']);
run('backstage', 'yarn', [
  'backstage-cli',
  'repo',
  'start',
  ...process.argv.slice(2),
]);
