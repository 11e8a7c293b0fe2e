import { encrypt, getSignature } from '@wecom/crypto';
import { fork } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { freePort } from '../src/__testUtils__/freePort';
import {
  CALLBACK_PATH,
  Load,
  LoadResult,
  PoolCursor,
  READINESS_PATH,
  SignedCallback,
  Target,
  load,
} from './callbackLoad';
import {
  count,
  heading,
  medianOf,
  ms,
  note,
  ratio,
  sleep,
  table,
} from './report';
import type { RouteTargetSettings } from './routeTargets';

/**
 * The callback route end to end: `POST /api/wecom/integrations/:id/callback`
 * of a real backend under autocannon, against the same backend's readiness
 * endpoint (Backstage's own floor) and a bare `node:http` server doing
 * WeCom's sample verify + decrypt, at each connection count, in one run.
 */

export const KEYS = {
  token: 'BenchCallbackToken',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  corpId: 'wwbench000000001',
};
const CONNECTIONS = [50, 200];
const WARMUP_SECONDS = 1;
const DURATION_SECONDS = 10;
/**
 * Rounds per connection count, each loading the four targets one after the
 * other; the tables show each figure's median over the rounds, so that a
 * noisy neighbour slowing one load does not decide a ratio.
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUTE_ROUNDS ?? 3));
const NOOP_PATH = '/api/wecom/bench/noop';

type Mode = 'backstage' | 'bare';

/** Forks routeTargets.ts in `mode` and waits until it listens. */
export async function startTarget(mode: Mode): Promise<Target> {
  const settings: RouteTargetSettings = { ...KEYS, port: await freePort() };
  const profileDir = process.env.BENCH_CPU_PROF;
  const child = fork(
    path.join(__dirname, 'routeTargets.ts'),
    [mode, JSON.stringify(settings)],
    {
      execArgv: [
        '-r',
        'sucrase/register',
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      ],
      // Warnings only: Backstage logs every request at info level, and the
      // floor and the route would both pay for printing it.
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  // One answer per request, in order; a child that exits fails them all.
  const waiters: Array<{
    resolve(message: any): void;
    reject(e: Error): void;
  }> = [];
  let exited: Error | undefined;
  child.on('message', message => waiters.shift()?.resolve(message));
  child.once('exit', code => {
    exited = new Error(`the ${mode} server exited with ${code}`);
    for (const waiter of waiters.splice(0)) waiter.reject(exited);
  });
  const next = () =>
    new Promise<any>((resolve, reject) => {
      if (exited) reject(exited);
      else waiters.push({ resolve, reject });
    });
  await next();
  return {
    url: `http://127.0.0.1:${settings.port}`,
    async stats() {
      const reply = next();
      child.send({ type: 'stats' });
      return (await reply).stats;
    },
    async stop() {
      if (exited) return;
      const gone = new Promise(resolve => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await gone;
    },
  };
}

let nextMsgId = 7_000_000_000_000_000;

/**
 * Distinct callbacks signed now, as WeCom sends them: a text message with
 * its own MsgId and nonce each, so that none is a duplicate.
 */
export function signedCallbacks(size: number): SignedCallback[] {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const pool: SignedCallback[] = [];
  for (let i = 0; i < size; i++) {
    const msgId = nextMsgId++;
    const nonce = String(randomInt(1_000_000_000, 10_000_000_000));
    const inner = `<xml><ToUserName><![CDATA[${
      KEYS.corpId
    }]]></ToUserName><FromUserName><![CDATA[user${
      i % 1000
    }]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[Is the checkout service down again? (${msgId})]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;
    const encrypted = encrypt(KEYS.encodingAESKey, inner, KEYS.corpId);
    const signature = getSignature(KEYS.token, timestamp, nonce, encrypted);
    pool.push({
      path: `${CALLBACK_PATH}?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`,
      body: `<xml><ToUserName><![CDATA[${KEYS.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`,
    });
  }
  return pool;
}

/** Waits until the backend's queue has handled `expected` events. */
async function drained(target: Target, expected: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const { handled } = await target.stats();
    if (handled >= expected) return (Date.now() - started) / 1000;
    if (Date.now() - started > 60_000) return NaN;
    await sleep(100);
  }
}

interface Round {
  floor: LoadResult;
  pluginFloor: LoadResult;
  route: LoadResult;
  reference: LoadResult;
  fresh: number;
  taken: number;
  drainSeconds: number;
}

export async function run(): Promise<void> {
  heading('The callback route');
  const backstage = await startTarget('backstage');
  const bare = await startTarget('bare');
  // Bodies for the references, which neither de-duplicate nor queue.
  const references = signedCallbacks(20_000);
  const rows: string[][] = [];
  const ratios: string[][] = [];
  const footnotes: string[] = [];
  // Events the queue has to hand to the handler, over the whole run.
  const queue = { accepted: 0 };

  const runRound = async (connections: number): Promise<Round> => {
    const measure = async (options: Omit<Load, 'connections' | 'seconds'>) => {
      await load({ ...options, connections, seconds: WARMUP_SECONDS });
      return load({ ...options, connections, seconds: DURATION_SECONDS });
    };

    // Backstage's floor: the same process and middleware, no plugin code.
    const floor = await measure({ target: backstage });
    // A plugin route that only reads the body: Backstage's per-plugin
    // middleware and body parsing, none of our work.
    const pluginFloor = await measure({
      target: backstage,
      cursor: new PoolCursor(references),
      path: NOOP_PATH,
    });

    // The route. The warm-up's rate sizes a pool of fresh callbacks for
    // the measured run, with a wide margin (the warm-up is slower: JIT,
    // new connections); past it the pool repeats, and a repeat is a
    // duplicate, answered without queueing.
    const warmCursor = new PoolCursor(signedCallbacks(5_000));
    const warm = await load({
      target: backstage,
      connections,
      seconds: WARMUP_SECONDS,
      cursor: warmCursor,
    });
    queue.accepted += warm.ok;
    await drained(backstage, queue.accepted);
    const poolSize = Math.min(
      Math.ceil(warm.requestsPerSecond * 3 * DURATION_SECONDS) + 5_000,
      200_000,
    );
    const cursor = new PoolCursor(signedCallbacks(poolSize));
    let drainSeconds = NaN;
    const route = await load({
      target: backstage,
      connections,
      seconds: DURATION_SECONDS,
      cursor,
      until: async () => {
        queue.accepted += Math.min(cursor.taken, poolSize);
        drainSeconds = await drained(backstage, queue.accepted);
      },
    });

    const reference = await measure({
      target: bare,
      cursor: new PoolCursor(references),
    });
    return {
      floor,
      pluginFloor,
      route,
      reference,
      fresh: Math.min(cursor.taken, poolSize),
      taken: cursor.taken,
      drainSeconds,
    };
  };

  try {
    for (const connections of CONNECTIONS) {
      const rounds: Round[] = [];
      for (let i = 0; i < ROUNDS; i++) rounds.push(await runRound(connections));
      const floor = medianOf(
        rounds.map(r => r.floor),
        ['failed'],
      );
      const pluginFloor = medianOf(
        rounds.map(r => r.pluginFloor),
        ['failed'],
      );
      const route = medianOf(
        rounds.map(r => r.route),
        ['failed'],
      );
      const reference = medianOf(
        rounds.map(r => r.reference),
        ['failed'],
      );

      for (const [name, r] of [
        [`\`GET ${READINESS_PATH}\` (floor)`, floor],
        ['plugin route that only reads the body', pluginFloor],
        [`\`POST ${CALLBACK_PATH}\``, route],
        ['bare `node:http` + `@wecom/crypto`', reference],
      ] as const) {
        rows.push([
          String(connections),
          name,
          count(r.requestsPerSecond),
          ms(r.p50),
          ms(r.p99),
          count(r.cpuPerRequest),
          `${count(r.total)} (${count(r.failed)})`,
        ]);
      }
      ratios.push([
        String(connections),
        ratio(route.requestsPerSecond / floor.requestsPerSecond, {
          atLeast: 0.8,
        }),
        ratio(route.p99 / floor.p99, { atMost: 1.5 }),
        ratio(route.requestsPerSecond / pluginFloor.requestsPerSecond),
        ratio(route.requestsPerSecond / reference.requestsPerSecond),
      ]);
      const perRound = rounds
        .map(
          r =>
            `${(r.route.requestsPerSecond / r.floor.requestsPerSecond).toFixed(
              2,
            )}×`,
        )
        .join(', ');
      const fresh = rounds.reduce((sum, r) => sum + r.fresh, 0);
      const taken = rounds.reduce((sum, r) => sum + r.taken, 0);
      const slowestDrain = Math.max(...rounds.map(r => r.drainSeconds));
      footnotes.push(
        `- ${connections} connections: route / floor in requests/s per round ${perRound}; ${count(
          fresh,
        )} of ${count(
          taken,
        )} measured route requests were fresh callbacks (the rest repeats); the queue had handled every accepted event ${
          Number.isFinite(slowestDrain)
            ? `${slowestDrain.toFixed(1)} s`
            : 'not within 60 s'
        } after each load stopped.`,
      );
    }
  } finally {
    await Promise.all([backstage.stop(), bare.stop()]);
  }

  note(
    `autocannon in the benchmark's process; each server in a child process of its own; ${ROUNDS} rounds per connection count, each loading the four targets in turn (${WARMUP_SECONDS} s warm-up, then ${DURATION_SECONDS} s measured); each figure is the median over the rounds (failed: the sum). ` +
      "CPU is the server process's user + system time per request (for the route including the queue handling its events, until drained). " +
      "The route row includes Backstage's middleware, body parsing, the signed query and replay window, signature, decrypt, both XML parses, de-duplication and the queue insert (one statement), and the queue handing every event to a handler in the same process during the load (SQLite in memory; database writes of concurrent requests are grouped).\n",
  );
  table(
    [
      'Connections',
      'Target',
      'Requests/s',
      'p50 (ms)',
      'p99 (ms)',
      'CPU/request (µs)',
      'Requests (failed)',
    ],
    rows,
  );
  table(
    [
      'Connections',
      'route / floor, req/s (≥0.8)',
      'route / floor, p99 (≤1.5)',
      'route / plugin route, req/s',
      'route / bare, req/s',
    ],
    ratios,
  );
  for (const line of footnotes) note(line);
}
