import { encrypt, getSignature } from '@wecom/crypto';
import autocannon from 'autocannon';
import { randomBytes, randomInt } from 'node:crypto';
import { CALLBACK_PATH, SignedCallback, Target } from './callbackLoad';
import { KEYS, signedCallbacks, startTarget } from './callbackRoute';
import { count, heading, medianOf, ms, note, ratio, table } from './report';

/**
 * What a refused callback costs against an accepted one: the same real
 * backend (its own process, the whole Backstage middleware stack) loaded
 * with accepted callbacks (a signed, encrypted event POST and the URL
 * verification GET) and with three kinds of junk anyone on the internet
 * can send to the public callback URL: a POST to an integration id that
 * does not exist, a POST to the real integration with a bad signature, and
 * a POST whose body is not WeCom's envelope. A flood of junk must not hurt
 * more than WeCom's own traffic: every refusal at ≥1.0× the accepted
 * POST's requests/s and ≤1.0× its p99.
 */

const CONNECTIONS = [50, 200];
const WARMUP_SECONDS = 1;
const DURATION_SECONDS = 5;
/** Rounds per connection count; each loads every scenario, order rotated. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_REFUSAL_ROUNDS ?? 3));

interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

interface Scenario {
  name: string;
  /** The status every answer must have. */
  status: number;
  /** A fresh request source for one load of `seconds`. */
  requests(connections: number, seconds: number): () => Request;
}

interface Result {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  /** Answers with another status than the scenario's, or errors. */
  unexpected: number;
  cpuPerRequest: number;
}

const nowSeconds = () => String(Math.floor(Date.now() / 1000));
const nonce = () => String(randomInt(1_000_000_000, 10_000_000_000));
function cycle<T>(pool: T[]): () => T {
  let i = 0;
  return () => pool[i++ % pool.length];
}

function post(callback: SignedCallback): Request {
  return { method: 'POST', path: callback.path, body: callback.body };
}

/** Fresh events (each its own MsgId), so that every one is queued. */
const acceptedPost: Scenario = {
  name: 'accepted: signed event POST',
  status: 200,
  requests(connections, seconds) {
    // Room for far more than the backend can take in `seconds`.
    const size = Math.min(200_000, seconds * 4_000 + connections * 10);
    return cycle(signedCallbacks(size).map(post));
  },
};

/** WeCom's URL verification: signed echostr, decrypted and answered. */
const acceptedGet: Scenario = {
  name: 'accepted: URL verification GET',
  status: 200,
  requests() {
    const timestamp = nowSeconds();
    const pool: Request[] = [];
    for (let i = 0; i < 1_000; i++) {
      const n = nonce();
      const echostr = encrypt(KEYS.encodingAESKey, `echo-${n}`, KEYS.corpId);
      const signature = getSignature(KEYS.token, timestamp, n, echostr);
      pool.push({
        method: 'GET',
        path: `${CALLBACK_PATH}?msg_signature=${signature}&timestamp=${timestamp}&nonce=${n}&echostr=${encodeURIComponent(
          echostr,
        )}`,
      });
    }
    return cycle(pool);
  },
};

/**
 * Signed bodies posted to ids no integration has, a new id each request:
 * an attacker does not repeat one id, so a cache of misses would not help.
 */
const unknownId: Scenario = {
  name: 'refused: unknown integration id',
  status: 404,
  requests() {
    const bodies = signedCallbacks(1_000);
    let i = 0;
    return () => {
      const callback = bodies[i % bodies.length];
      const id = `nobody-${(i++).toString(36)}`;
      return post({
        path: callback.path.replace(
          '/integrations/bench/',
          `/integrations/${id}/`,
        ),
        body: callback.body,
      });
    };
  },
};

/** The real integration, a fresh timestamp, a signature that does not match. */
const badSignature: Scenario = {
  name: 'refused: bad signature',
  status: 401,
  requests() {
    const pool = signedCallbacks(1_000).map(callback =>
      post({
        path: callback.path.replace(
          /msg_signature=[0-9a-f]+/,
          `msg_signature=${randomBytes(20).toString('hex')}`,
        ),
        body: callback.body,
      }),
    );
    return cycle(pool);
  },
};

/** The real integration, a well-formed query, a body that is not XML. */
const garbageBody: Scenario = {
  name: 'refused: garbage body',
  status: 400,
  requests() {
    const timestamp = nowSeconds();
    const pool: Request[] = [];
    for (let i = 0; i < 1_000; i++) {
      pool.push({
        method: 'POST',
        path: `${CALLBACK_PATH}?msg_signature=${randomBytes(20).toString(
          'hex',
        )}&timestamp=${timestamp}&nonce=${nonce()}`,
        body: randomBytes(300).toString('base64'),
      });
    }
    return cycle(pool);
  },
};

const SCENARIOS = [
  acceptedPost,
  acceptedGet,
  unknownId,
  badSignature,
  garbageBody,
];

async function load(
  target: Target,
  scenario: Scenario,
  connections: number,
  seconds: number,
): Promise<Result> {
  const next = scenario.requests(connections, seconds);
  const before = await target.stats();
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request: any) => {
          const { method, path, body } = next();
          return {
            ...request,
            method,
            path,
            body,
            headers: body === undefined ? {} : { 'content-type': 'text/xml' },
          };
        },
      },
    ],
  });
  const after = await target.stats();
  const statusKey = `${Math.floor(scenario.status / 100)}xx` as '2xx' | '4xx';
  const total = result.requests.total;
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total,
    unexpected: total - (result[statusKey] ?? 0) + result.errors,
    cpuPerRequest: (after.cpuMicros - before.cpuMicros) / Math.max(1, total),
  };
}

/** Checks each scenario gets its exact status once, before the load. */
async function checkStatuses(target: Target) {
  for (const scenario of SCENARIOS) {
    const { method, path, body } = scenario.requests(1, 1)();
    const response = await fetch(`${target.url}${path}`, {
      method,
      body,
      headers: body === undefined ? {} : { 'content-type': 'text/xml' },
    });
    const text = await response.text();
    if (response.status !== scenario.status) {
      throw new Error(
        `${scenario.name}: expected ${scenario.status}, got ${
          response.status
        } ${text.slice(0, 200)}`,
      );
    }
  }
}

export async function run(): Promise<void> {
  heading('Refused callbacks against accepted ones');
  const backstage = await startTarget('backstage');
  const rows: string[][] = [];
  const ratios: string[][] = [];
  try {
    await checkStatuses(backstage);
    for (const connections of CONNECTIONS) {
      const perScenario = new Map<Scenario, Result[]>(
        SCENARIOS.map(s => [s, []]),
      );
      for (let round = 0; round < ROUNDS; round++) {
        // Rotated so that no scenario always runs first or last.
        const order = SCENARIOS.map(
          (_, i) => SCENARIOS[(i + round) % SCENARIOS.length],
        );
        for (const scenario of order) {
          await load(backstage, scenario, connections, WARMUP_SECONDS);
          perScenario
            .get(scenario)!
            .push(
              await load(backstage, scenario, connections, DURATION_SECONDS),
            );
        }
      }
      const medians = new Map(
        [...perScenario].map(([scenario, results]) => [
          scenario,
          medianOf(results, ['unexpected']),
        ]),
      );
      for (const [scenario, r] of medians) {
        rows.push([
          String(connections),
          scenario.name,
          String(scenario.status),
          count(r.requestsPerSecond),
          ms(r.p50),
          ms(r.p99),
          count(r.cpuPerRequest),
          `${count(r.total)} (${count(r.unexpected)})`,
        ]);
      }
      const accepted = medians.get(acceptedPost)!;
      for (const scenario of [unknownId, badSignature, garbageBody]) {
        const refused = medians.get(scenario)!;
        const rounds = perScenario.get(scenario)!;
        const acceptedRounds = perScenario.get(acceptedPost)!;
        ratios.push([
          String(connections),
          scenario.name.replace('refused: ', ''),
          ratio(refused.requestsPerSecond / accepted.requestsPerSecond, {
            atLeast: 1,
          }),
          ratio(refused.p99 / accepted.p99, { atMost: 1 }),
          ratio(refused.cpuPerRequest / accepted.cpuPerRequest, {
            atMost: 1,
          }),
          rounds
            .map(
              (r, i) =>
                `${(
                  r.requestsPerSecond / acceptedRounds[i].requestsPerSecond
                ).toFixed(2)}×`,
            )
            .join(', '),
        ]);
      }
    }
  } finally {
    await backstage.stop();
  }
  note(
    `One backend (\`createBackend()\`, only the WeCom plugin, SQLite in memory, one integration from app-config, log level \`warn\`) in a child process; autocannon in the benchmark's process. ${ROUNDS} rounds per connection count, each loading every scenario in turn (order rotated per round; ${WARMUP_SECONDS} s warm-up, then ${DURATION_SECONDS} s measured); each figure is the median over the rounds. CPU is the server process's user + system time per request. "Unexpected" counts answers with another status than the scenario's, and errors.\n`,
  );
  table(
    [
      'Connections',
      'Scenario',
      'Status',
      'Requests/s',
      'p50 (ms)',
      'p99 (ms)',
      'CPU/request (µs)',
      'Requests (unexpected)',
    ],
    rows,
  );
  table(
    [
      'Connections',
      'Refusal',
      'refused / accepted POST, req/s (≥1.0)',
      'refused / accepted POST, p99 (≤1.0)',
      'refused / accepted POST, server CPU per request (≤1.0)',
      'req/s ratio per round',
    ],
    ratios,
  );
}
