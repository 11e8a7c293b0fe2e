import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A process of the scenario: its output goes to `logFile`. */
export interface RunningProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code or signal once it is gone. */
  exited: Promise<string>;
}

/**
 * Starts and ends the scenario's processes. Each runs in its own process
 * group, so a kill reaches whatever it started too, and ends by itself when
 * the test process is gone (`exitWithParent`).
 */
export class ProcessGroup {
  readonly #running = new Set<RunningProcess>();

  /** `sucrase`: the path of `sucrase/register`, which runs TypeScript as is. */
  constructor(private readonly sucrase: string) {}

  /** `node -r sucrase/register <script> …args` in `cwd`. */
  startTypeScript(options: {
    name: string;
    script: string;
    args?: string[];
    cwd: string;
    env?: Record<string, string>;
    logFile: string;
  }): RunningProcess {
    const log = openSync(options.logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        '-r',
        this.sucrase,
        '-r',
        require.resolve('./exitWithParent'),
        options.script,
        ...(options.args ?? []),
      ],
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        detached: true,
        stdio: ['ignore', log, log],
      },
    );
    closeSync(log);
    const exited = new Promise<string>(resolve =>
      child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)),
    );
    const running: RunningProcess = {
      name: options.name,
      child,
      logFile: options.logFile,
      exited,
    };
    this.#running.add(running);
    exited.then(() => this.#running.delete(running));
    return running;
  }

  /** Sends `signal` to the process's whole group; resolves once it exited. */
  async kill(target: RunningProcess, signal: NodeJS.Signals = 'SIGKILL') {
    if (!this.#running.has(target)) return;
    killGroup(target, signal);
    await target.exited;
  }

  /** SIGKILL to every group still running. */
  killAll(): void {
    for (const target of this.#running) killGroup(target, 'SIGKILL');
  }

  async stopAll(): Promise<void> {
    const all = [...this.#running];
    this.killAll();
    await Promise.all(all.map(p => p.exited));
  }
}

function killGroup(target: RunningProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-target.child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** The last lines a process wrote, for failure messages. */
export function logTail(target: RunningProcess, lines = 30): string {
  try {
    const text = readFileSync(target.logFile, 'utf8');
    // Access-log lines of the test's own polling say nothing.
    const tail = text
      .trimEnd()
      .split('\n')
      .filter(line => !line.includes('type="incomingRequest"'))
      .slice(-lines)
      .join('\n');
    // Drop colour codes: the message is read in a CI log.
    return `--- last lines of ${target.name} (${
      target.logFile
    }) ---\n${tail.replace(
      // eslint-disable-next-line no-control-regex
      /\u001b\[[0-9;]*m/g,
      '',
    )}`;
  } catch {
    return `(no log from ${target.name})`;
  }
}

/**
 * Polls `url` until it answers 2xx. Fails early, with the process's last
 * log lines, if the process exits first.
 */
export async function waitUntilServing(
  url: string,
  target: RunningProcess,
  timeoutMs: number,
  /** A log line that means it will never serve (it may not exit on its own). */
  failure?: RegExp,
): Promise<void> {
  let gone: string | undefined;
  target.exited.then(how => {
    gone = how;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) {
      throw new Error(
        `${target.name} exited (${gone}) before serving ${url}\n${logTail(
          target,
        )}`,
      );
    }
    if (failure && failure.test(readFileSync(target.logFile, 'utf8'))) {
      throw new Error(`${target.name} failed to start\n${logTail(target, 60)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(
    `${target.name} did not serve ${url} within ${timeoutMs} ms\n${logTail(
      target,
    )}`,
  );
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
