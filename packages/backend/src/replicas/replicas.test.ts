/*
 * Two backend replicas on one PostgreSQL and one Redis, as real processes:
 * an escalation timer fires once, a card click delivered to both is handled
 * once, a fan-out to 3,000
 * members survives SIGKILL of the replica sending it with exactly one card
 * each, and both replicas live on one access token. Skips, saying why,
 * when PostgreSQL or Redis does not answer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CallbackSplitter } from './callbackSplitter';
import {
  POSTGRES_URL,
  REDIS_URL,
  deleteRedisKeys,
  dropDatabases,
  dropStaleDatabases,
  sharedServicesMissing,
  withDatabase,
} from './infrastructure';
import {
  ProcessGroup,
  RunningProcess,
  freePort,
  logTail,
  sleep,
  waitUntilServing,
} from './processes';
import {
  DATABASE_PREFIX,
  Scenario,
  catalogYaml,
  createScenario,
  emulatorOptions,
  replicaConfig,
} from './scenario';

/** Three `message/send` calls of at most 1,000 members. */
const MEMBERS = 3000;
/** How soon the survivor takes over the killed replica's claims. */
const CLAIM_TIMEOUT_SECONDS = 10;
/** Each `message/send` is this slow, so the kill lands while one is on the wire. */
const SEND_LATENCY_MS = 2500;

const ROOT = resolve(__dirname, '../../../..');
// sucrase is a devDependency of the WeCom plugin (its benchmarks use it).
const SUCRASE = require.resolve('sucrase/register', {
  paths: [join(ROOT, 'plugins/wecom-backend')],
});
const missing = sharedServicesMissing();
if (missing) {
  // eslint-disable-next-line no-console
  console.warn(`Replicas test skipped: ${missing}`);
}
const describeWithServices = missing ? describe.skip : describe;

describeWithServices(
  `two backend replicas on one PostgreSQL and one Redis${
    missing ? ` (skipped: ${missing})` : ''
  }`,
  () => {
    const processes = new ProcessGroup(SUCRASE);
    const splitter = new CallbackSplitter();
    const replicas: Array<{
      name: string;
      url: string;
      process: RunningProcess;
    }> = [];
    let emulator: RunningProcess;
    let emulatorUrl: string;
    let s: Scenario;
    let workDir: string;

    const replica = (n: 1 | 2) => replicas[n - 1];
    const everyLog = () =>
      [emulator, ...replicas.map(r => r.process)]
        .filter(Boolean)
        .map(p => logTail(p, 15))
        .join('\n');

    /** Runs a step; a failure carries the processes' last log lines. */
    const withLogs = async <T>(step: () => Promise<T>): Promise<T> => {
      try {
        return await step();
      } catch (error) {
        (error as Error).message += `\n${everyLog()}`;
        throw error;
      }
    };

    const api = async <T = any>(
      target: { url: string },
      method: string,
      path: string,
      body?: unknown,
    ): Promise<T> => {
      const response = await fetch(`${target.url}/api/wecom${path}`, {
        method,
        headers: {
          authorization: `Bearer ${s.apiToken}`,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) {
        throw new Error(`${method} ${path}: ${response.status} ${text}`);
      }
      return (text ? JSON.parse(text) : undefined) as T;
    };

    const control = async <T = any>(
      method: string,
      path: string,
      body?: unknown,
    ): Promise<T> => {
      const response = await fetch(`${emulatorUrl}/_emulator${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await response.json();
      if (!response.ok) {
        throw new Error(`emulator ${path}: ${JSON.stringify(json)}`);
      }
      return json;
    };

    const wecomDb = <T>(fn: Parameters<typeof withDatabase<T>>[1]) =>
      withDatabase(`${s.databasePrefix}wecom`, fn);

    /** Polls `probe` until it answers something truthy. */
    const eventually = async <T>(
      what: string,
      probe: () => Promise<T | undefined | false>,
      timeoutMs: number,
      everyMs = 250,
    ): Promise<T> => {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      while (Date.now() < deadline) {
        try {
          const value = await probe();
          if (value) return value;
        } catch (error) {
          last = error;
        }
        await sleep(everyMs);
      }
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${
          last ? ` (last error: ${last})` : ''
        }`,
      );
    };

    const startReplica = async (n: 1 | 2) => {
      const port = await freePort();
      const configFile = join(workDir, `replica-${n}.yaml`);
      writeFileSync(
        configFile,
        JSON.stringify(
          replicaConfig(s, {
            port,
            postgresUrl: POSTGRES_URL,
            redisUrl: REDIS_URL,
            emulatorUrl,
            catalogFile: join(workDir, 'org.yaml'),
            claimTimeoutSeconds: CLAIM_TIMEOUT_SECONDS,
          }),
        ),
      );
      const name = `replica-${n}`;
      const url = `http://127.0.0.1:${port}`;
      const started = processes.startTypeScript({
        name,
        script: 'src/index.ts',
        args: [
          '--config',
          join(ROOT, 'app-config.yaml'),
          '--config',
          configFile,
        ],
        cwd: join(ROOT, 'packages/backend'),
        env: { NODE_ENV: 'development' },
        logFile: join(workDir, `${name}.log`),
      });
      await waitUntilServing(
        `${url}/.backstage/health/v1/readiness`,
        started,
        90_000,
        /Backend startup failed/,
      );
      replicas[n - 1] = { name, url, process: started };
      splitter.addReplica(
        name,
        `${url}/api/wecom/integrations/${s.integrationId}/callback`,
      );
    };

    beforeAll(async () => {
      await dropStaleDatabases(DATABASE_PREFIX, 60 * 60 * 1000);
      s = createScenario(MEMBERS);
      workDir = mkdtempSync(join(tmpdir(), `wecom-replicas-${s.runId}-`));
      writeFileSync(join(workDir, 'org.yaml'), catalogYaml(s));

      const callbackUrl = await splitter.listen(await freePort());
      const emulatorPort = await freePort();
      emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
      const emulatorConfig = join(workDir, 'emulator.json');
      writeFileSync(
        emulatorConfig,
        JSON.stringify(emulatorOptions(s, callbackUrl)),
      );
      emulator = processes.startTypeScript({
        name: 'emulator',
        script: 'src/main.ts',
        cwd: join(ROOT, 'packages/wecom-emulator'),
        env: {
          PORT: String(emulatorPort),
          HOST: '127.0.0.1',
          PUBLIC_URL: emulatorUrl,
          WECOM_EMULATOR_CONFIG: emulatorConfig,
        },
        logFile: join(workDir, 'emulator.log'),
      });
      await waitUntilServing(
        `${emulatorUrl}/_emulator/calls`,
        emulator,
        30_000,
      );

      // One after the other: the first creates the databases and migrates.
      await startReplica(1);
      await startReplica(2);

      await withLogs(async () => {
        // The catalog has everyone once every member's entity says so.
        await eventually(
          `the catalog to hold the ${MEMBERS} members of ${s.fanOutGroup}`,
          async () => {
            const query = new URLSearchParams({
              filter: `kind=user,relations.memberof=group:default/${s.fanOutGroup}`,
              limit: '1',
            });
            const response = await fetch(
              `${replica(1).url}/api/catalog/entities/by-query?${query}`,
              { headers: { authorization: `Bearer ${s.apiToken}` } },
            );
            return (
              response.ok && (await response.json()).totalItems === MEMBERS
            );
          },
          120_000,
          1000,
        );
        // The userid annotation links everyone without a WeCom call.
        await api(replica(2), 'POST', '/linked-users/one-click-link', {
          integrationId: s.integrationId,
        });
        const run = await eventually(
          'One-Click Link to finish',
          async () => {
            const { run: latest } = await api(
              replica(2),
              'GET',
              `/linked-users/one-click-link?integration=${s.integrationId}`,
            );
            return latest?.status !== 'running' && latest;
          },
          60_000,
          500,
        );
        // The members, the clicker and the escalation target.
        if (run.status !== 'completed' || run.linked.length !== MEMBERS + 2) {
          throw new Error(
            `One-Click Link should have linked ${
              MEMBERS + 2
            } users: ${JSON.stringify({ ...run, linked: run.linked.length })}`,
          );
        }
      });
    }, 240_000);

    afterAll(async () => {
      await processes.stopAll();
      await splitter.close();
      if (s) {
        await dropDatabases(s.databasePrefix);
        await deleteRedisKeys(s.cacheNamespace);
      }
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    }, 60_000);

    it(
      'fires an escalation timer once, whichever replica drains it',
      () =>
        withLogs(async () => {
          // No responders and no entity: only the escalation level pages.
          const incident = await api(replica(1), 'POST', '/incidents', {
            title: 'Replicas: escalation',
            severity: 'warning',
          });
          const timerOf = () =>
            wecomDb(async db => {
              const { rows } = await db.query<{
                id: number;
                claims: number;
                done: boolean;
              }>(
                `select id, claims, done_at is not null as done from wecom_escalation_timers where incident_id = $1`,
                [incident.id],
              );
              return rows;
            });
          await eventually(
            'the escalation timer',
            async () => (await timerOf()).length === 1,
            30_000,
          );
          // Due now instead of in an hour; both replicas drain every 30 s.
          await wecomDb(db =>
            db.query(
              `update wecom_escalation_timers set due_at = now() - interval '1 second' where incident_id = $1`,
              [incident.id],
            ),
          );
          const escalationCards = async () =>
            (
              await control(
                'GET',
                `/messages?userid=${s.escalationTarget.userid}`,
              )
            ).length as number;
          await eventually(
            'the escalation card',
            async () => (await escalationCards()) > 0,
            75_000,
            500,
          );
          // Past another drain of each replica: still one card, one entry.
          await sleep(31_000);
          expect(await escalationCards()).toBe(1);
          const [timer] = await timerOf();
          expect(timer).toMatchObject({ done: true, claims: 1 });
          const { items } = await api(
            replica(2),
            'GET',
            `/incidents/${incident.id}/timeline`,
          );
          expect(
            items.filter((e: { kind: string }) => e.kind === 'escalation'),
          ).toHaveLength(1);
        }),
      150_000,
    );

    it(
      'handles a card click that reaches both replicas once',
      () =>
        withLogs(async () => {
          const incident = await api(replica(1), 'POST', '/incidents', {
            title: 'Replicas: card click',
            severity: 'high',
            responders: [`user:default/${s.clicker.name}`],
          });
          const [card] = await eventually(
            'the clicker to receive the card',
            async () => {
              const messages = await control(
                'GET',
                `/messages?userid=${s.clicker.userid}`,
              );
              return messages.length > 0 && messages;
            },
            30_000,
          );

          const click = await control('POST', '/cards/click', {
            userid: s.clicker.userid,
            taskId: card.taskId,
            eventKey: `inc:${incident.id}:start`,
          });
          expect(click.status).toBe(200);
          // The same encrypted bytes reached both replicas; both said success.
          const posts = splitter.forwarded.filter(f => f.method === 'POST');
          expect(posts.map(f => [f.replica, f.status, f.body]).sort()).toEqual([
            ['replica-1', 200, 'success'],
            ['replica-2', 200, 'success'],
          ]);

          await eventually(
            'the incident to be processing',
            async () =>
              (
                await api(replica(2), 'GET', `/incidents/${incident.id}`)
              ).status === 'processing',
            30_000,
          );
          // Give a second handling (if any) time to show before counting.
          await sleep(3000);
          const { items } = await api(
            replica(1),
            'GET',
            `/incidents/${incident.id}/timeline`,
          );
          expect(
            items.filter((e: { kind: string }) => e.kind === 'transition'),
          ).toEqual([
            expect.objectContaining({
              actor: `user:default/${s.clicker.name}`,
            }),
          ]);
          const queued = await wecomDb(async db => {
            const { rows } = await db.query<{ n: number }>(
              `select count(*)::int as n from wecom_callback_jobs where event_type = 'template_card_event'`,
            );
            return rows[0].n;
          });
          expect(queued).toBe(1);
        }),
      120_000,
    );

    let killedAt = 0;

    it(
      `gives each of ${MEMBERS} members exactly one card when the sending replica is SIGKILLed mid-way`,
      () =>
        withLogs(async () => {
          const sendsBefore = await sendCalls();
          await control('POST', '/latency', {
            api: 'message/send',
            ms: SEND_LATENCY_MS,
          });
          const incident = await api(replica(1), 'POST', '/incidents', {
            title: 'Replicas: fan-out',
            severity: 'critical',
            responders: [`group:default/${s.fanOutGroup}`],
          });

          // Replica 1 claimed the three sends and finished the first; it dies
          // while the second is on the wire (held by the emulator).
          await eventually(
            'the first message/send done and the second on the wire',
            async () => {
              const { waiting } = await control('GET', '/latency');
              return (
                waiting['message/send'] === 1 &&
                (await sendCalls()) === sendsBefore + 1
              );
            },
            60_000,
            50,
          );
          await processes.kill(replica(1).process, 'SIGKILL');
          killedAt = Date.now();
          splitter.removeReplica('replica-1');
          const atKill = await outboxRows(incident.id);
          expect(atKill.map(r => r.status)).toEqual([
            'sent',
            'sending',
            'sending',
          ]);

          // Replica 2 takes over the expired claims and finishes.
          const rows = await eventually(
            'every send of the fan-out to be recorded as sent',
            async () => {
              const current = await outboxRows(incident.id);
              return current.every(r => r.status === 'sent') && current;
            },
            90_000,
            500,
          );
          await control('POST', '/latency', { api: 'message/send', ms: 0 });
          expect(rows.some(r => r.attempts >= 2)).toBe(true);

          const state = await control('GET', '/state?limit=0');
          const cardsOf = new Map<string, number>(
            state.corps[0].users.map((u: { userid: string; cards: number }) => [
              u.userid,
              u.cards,
            ]),
          );
          const notExactlyOne = s.members.filter(
            m => cardsOf.get(m.userid) !== 1,
          );
          expect(notExactlyOne).toEqual([]);
          // The send that was on the wire was sent again, byte for byte, and
          // WeCom's duplicate check answered it without a second card.
          expect(state.duplicatesSuppressed).toBeGreaterThanOrEqual(1);

          const { items } = await api(
            replica(2),
            'GET',
            `/incidents/${incident.id}/deliveries`,
          );
          expect(items).toHaveLength(MEMBERS);
          expect(
            items.filter((d: { status: string }) => d.status !== 'sent'),
          ).toEqual([]);
        }),
      150_000,
    );

    it('fetched one access token for both replicas (shared through the Redis cache)', () =>
      withLogs(async () => {
        expect(killedAt).toBeGreaterThan(0);
        const calls = await control('GET', '/calls?limit=10000');
        expect(calls.byApi.gettoken?.calls).toBe(1);
        // Replica 2 sent after replica 1 was gone, with the cached token.
        const sendsByReplica2 = calls.recent.filter(
          (c: { api: string; at: string; errcode: number }) =>
            c.api === 'message/send' &&
            c.errcode === 0 &&
            Date.parse(c.at) > killedAt,
        );
        expect(sendsByReplica2.length).toBeGreaterThan(0);
      }));

    async function sendCalls(): Promise<number> {
      const calls = await control('GET', '/calls?limit=0');
      return calls.byApi['message/send']?.calls ?? 0;
    }

    async function outboxRows(incidentId: string) {
      return wecomDb(async db => {
        const { rows } = await db.query<{ status: string; attempts: number }>(
          `select status, attempts from wecom_card_outbox where incident_id = $1 order by id`,
          [incidentId],
        );
        return rows;
      });
    }
  },
);
