/*
 * Two backend replicas on one PostgreSQL and one Redis, as real processes:
 * an escalation timer fires once, a card click delivered to both is handled
 * once, a bot question in a War Room taken by replica 1 is streamed to
 * WeCom by replica 2's refreshes and answered once, the long-connection bot
 * is held by one replica, a fan-out to 3,000 members survives SIGKILL of
 * the replica sending it with exactly one card each (that replica also
 * holds the long connection), both replicas live on one access token, and
 * the survivor takes the long connection over within a minute and answers
 * on it. Skips, saying why, when PostgreSQL or Redis does not answer.
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
import { SlowMediaServer } from './slowMedia';

/** Three `message/send` calls of at most 1,000 members. */
const MEMBERS = 3000;
/** How soon the survivor takes over the killed replica's claims. */
const CLAIM_TIMEOUT_SECONDS = 10;
/** Each `message/send` is this slow, so the kill lands while one is on the wire. */
const SEND_LATENCY_MS = 2500;
/** The bot's image downloads this slowly, so WeCom refreshes while replica 1 answers. */
const MEDIA_DELAY_MS = 3000;
/**
 * From the holder's SIGKILL to the survivor's long connection: the lease
 * lasts 45 s past its last renewal, others try every 15 s (the plugin's
 * fixed timings), plus slack for connecting.
 */
const TAKEOVER_TIMEOUT_MS = 75_000;
/** The start of a PNG, which the bot recognises; the rest is noise. */
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(300, 7),
]);

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

/** A bot reply's stream, as WeCom reads it. */
interface StreamReply {
  id: string;
  finish: boolean;
  content: string;
}
/** The emulator's record of one long connection. */
interface WsConnection {
  id: string;
  botId?: string;
  authenticatedAt?: string;
  closedAt?: string;
}
/** A frame the bot sent on its long connection, as the emulator acked it. */
interface WsReply {
  reqId: string;
  errcode: number;
  body: { stream?: { finish?: boolean; content?: string } };
}

describeWithServices(
  `two backend replicas on one PostgreSQL and one Redis${
    missing ? ` (skipped: ${missing})` : ''
  }`,
  () => {
    const processes = new ProcessGroup(SUCRASE);
    const splitter = new CallbackSplitter();
    const slowMedia = new SlowMediaServer();
    const replicas: Array<{
      name: string;
      url: string;
      process: RunningProcess;
    }> = [];
    let emulator: RunningProcess;
    let emulatorUrl: string;
    let botWsUrl: string;
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
            botWsUrl,
            catalogFile: join(workDir, 'org.yaml'),
            claimTimeoutSeconds: CLAIM_TIMEOUT_SECONDS,
            mediaUrl: slowMedia.url,
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
      const integrationUrl = `${url}/api/wecom/integrations/${s.integrationId}`;
      splitter.addReplica(name, {
        callback: `${integrationUrl}/callback`,
        'bot-callback': `${integrationUrl}/bot-callback`,
      });
    };

    beforeAll(async () => {
      await dropStaleDatabases(DATABASE_PREFIX, 60 * 60 * 1000);
      s = createScenario(MEMBERS);
      workDir = mkdtempSync(join(tmpdir(), `wecom-replicas-${s.runId}-`));
      writeFileSync(join(workDir, 'org.yaml'), catalogYaml(s));

      const callbackUrls = await splitter.listen(await freePort());
      await slowMedia.listen(await freePort());
      const emulatorPort = await freePort();
      emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
      botWsUrl = `ws://127.0.0.1:${emulatorPort}/aibot/ws`;
      const emulatorConfig = join(workDir, 'emulator.json');
      writeFileSync(
        emulatorConfig,
        JSON.stringify(emulatorOptions(s, callbackUrls)),
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
      await slowMedia.close();
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
          // One "Escalated to level 1", and one note that the (absent)
          // responders reached nobody, which brought level 1 forward.
          const escalations = items.filter(
            (e: { kind: string }) => e.kind === 'escalation',
          );
          expect(
            escalations.map((e: { data?: { unreachable?: boolean } }) =>
              Boolean(e.data?.unreachable),
            ),
          ).toEqual([true, false]);
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
          // The same encrypted bytes reached both replicas; both answered
          // 200 with the empty body WeCom expects (page 90238).
          const posts = splitter.forwarded.filter(
            f => f.kind === 'callback' && f.method === 'POST',
          );
          expect(posts.map(f => [f.replica, f.status, f.body]).sort()).toEqual([
            ['replica-1', 200, ''],
            ['replica-2', 200, ''],
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

    it(
      'streams a bot answer from either replica: replica 1 takes the question, replica 2 every refresh',
      () =>
        withLogs(async () => {
          const title = 'Replicas: bot stream';
          const incident = await api(replica(1), 'POST', '/incidents', {
            title,
            severity: 'warning',
          });
          const warRoom = await api(
            replica(1),
            'POST',
            `/incidents/${incident.id}/war-room`,
            {
              members: [s.clicker, s.escalationTarget].map(
                u => `user:default/${u.name}`,
              ),
            },
          );
          // Encrypted with the bot's key by the emulator, served slowly here.
          const hosted = await control('POST', '/media', {
            base64: PNG.toString('base64'),
            botId: s.bot.botId,
          });
          const encrypted = Buffer.from(
            await (await fetch(hosted.url)).arrayBuffer(),
          );
          const imageUrl = slowMedia.host(encrypted, MEDIA_DELAY_MS);

          splitter.routeBotCallbacksTo('replica-1');
          const first = await control('POST', '/bot/message', {
            botId: s.bot.botId,
            from: s.clicker.userid,
            chatid: warRoom.chatId,
            msgtype: 'mixed',
            mixedItems: [
              { msgtype: 'text', text: { content: '@bot what is happening?' } },
              { msgtype: 'image', image: { url: imageUrl } },
            ],
          });
          expect(first).toMatchObject({
            status: 200,
            signatureValid: true,
            reply: { msgtype: 'stream', stream: { finish: false } },
          });

          // WeCom refreshes until finished; its load balancer picks replica 2.
          splitter.routeBotCallbacksTo('replica-2');
          const refreshes: StreamReply[] = [];
          const deadline = Date.now() + 30_000;
          while (!refreshes.at(-1)?.finish) {
            if (Date.now() > deadline) {
              throw new Error(
                `The stream did not finish within 30 s: ${JSON.stringify(
                  refreshes,
                )}`,
              );
            }
            await sleep(250);
            const next = await control('POST', '/bot/stream/refresh', {
              streamId: first.streamId,
            });
            expect(next).toMatchObject({ status: 200, signatureValid: true });
            refreshes.push(next.reply.stream);
          }

          const answer = refreshes.at(-1)!;
          expect(answer.id).toBe(first.streamId);
          expect(answer.content).toContain(title);
          expect(answer.content).toContain(
            `image ${PNG.length} bytes (image/png) received`,
          );
          // Refreshes came while replica 1 was still answering; replica 2
          // said what the row held: nothing yet, or replica 1's answer.
          const unfinished = refreshes.slice(0, -1);
          expect(unfinished.length).toBeGreaterThan(0);
          expect(
            unfinished.filter(
              r =>
                r.id !== first.streamId ||
                r.finish ||
                !(
                  r.content.startsWith('Thinking') ||
                  r.content === answer.content
                ),
            ),
          ).toEqual([]);
          const botCallbacks = splitter.forwarded
            .filter(f => f.kind === 'bot-callback')
            .map(f => [f.replica, f.status]);
          expect(botCallbacks).toEqual([
            ['replica-1', 200],
            ...refreshes.map(() => ['replica-2', 200]),
          ]);

          // Computed once, by replica 1: one download, one stream, one answer.
          expect(slowMedia.downloads.get(imageUrl)).toBe(1);
          const { streams, lines } = await wecomDb(async db => ({
            streams: (
              await db.query(
                `select content, finished, delivered_at is not null as delivered, posted_at is not null as posted from wecom_bot_streams where msg_id = $1`,
                [first.msgid],
              )
            ).rows,
            lines: (
              await db.query(
                `select from_user_id as "from", incident_id as "incidentId" from wecom_bot_messages where chat_key = $1 order by id`,
                [`group:${warRoom.chatId}`],
              )
            ).rows,
          }));
          expect(streams).toEqual([
            {
              content: answer.content,
              finished: true,
              delivered: true,
              posted: false,
            },
          ]);
          expect(lines).toEqual([
            { from: s.clicker.userid, incidentId: incident.id },
            { from: 'bot', incidentId: incident.id },
          ]);
        }),
      60_000,
    );

    /** The long connection's first holder (replica 1) and its socket. */
    let firstWsHolder: { pid: number; connectionId: string } | undefined;

    it('holds the long-connection bot on one replica, the first started', () =>
      withLogs(async () => {
        const connection = await eventually(
          'the long connection to be up',
          async () => (await wsConnections()).find(c => !c.closedAt),
          30_000,
        );
        const lease = await wsLease();
        expect(lease?.pid).toBe(replica(1).process.child.pid);
        // Replica 2 has tried since it started, and never connected.
        expect(await wsConnections()).toEqual([connection]);

        const reply = await askOverWs('help');
        expect(reply.connectionId).toBe(connection.id);
        expect(reply.answer).toContain('What I understand');
        firstWsHolder = { pid: lease!.pid, connectionId: connection.id };
      }));

    let killedAt = 0;

    it(
      `gives each of ${MEMBERS} members exactly one card when the sending replica is SIGKILLed mid-way`,
      () =>
        withLogs(async () => {
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
          // while the second is on the wire (held by the emulator). The first
          // counts as finished once replica 1 has recorded it, not when the
          // emulator answered: under load that write can trail the answer.
          // The held call must be this fan-out's second send, named by its
          // task_id: another message/send on the wire would not do.
          await eventually(
            'the first message/send recorded as sent and the second on the wire',
            async () => {
              const rows = await outboxRows(incident.id);
              if (rows.length !== 3 || rows[0].status !== 'sent') return false;
              const { held } = await control('GET', '/latency');
              return (held as Array<{ api: string; taskId?: string }>).some(
                call =>
                  call.api === 'message/send' &&
                  call.taskId === rows[1].task_id,
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

    it(
      'moves the long-connection bot to replica 2 within a minute of its holder being SIGKILLed',
      () =>
        withLogs(async () => {
          // The fan-out test killed replica 1, the holder.
          expect(killedAt).toBeGreaterThan(0);
          expect(firstWsHolder?.pid).toBe(replica(1).process.child.pid);
          const connection = await eventually(
            'replica 2 to take the long connection over',
            async () => {
              const lease = await wsLease();
              const open = (await wsConnections()).find(c => !c.closedAt);
              return lease?.pid === replica(2).process.child.pid &&
                open?.authenticatedAt
                ? open
                : undefined;
            },
            Math.max(1000, killedAt + TAKEOVER_TIMEOUT_MS - Date.now()),
            500,
          );
          expect(connection.id).not.toBe(firstWsHolder!.connectionId);
          const connections = await wsConnections();
          expect(connections).toHaveLength(2);
          expect(connections[0].closedAt).toBeDefined();

          const reply = await askOverWs('help');
          expect(reply.connectionId).toBe(connection.id);
          expect(reply.answer).toContain('What I understand');
        }),
      TAKEOVER_TIMEOUT_MS + 15_000,
    );

    async function outboxRows(incidentId: string) {
      return wecomDb(async db => {
        const { rows } = await db.query<{
          status: string;
          attempts: number;
          task_id: string;
        }>(
          `select status, attempts, task_id from wecom_card_outbox where incident_id = $1 order by id`,
          [incidentId],
        );
        return rows;
      });
    }

    /** The emulator's record of every long connection of the bot, oldest first. */
    async function wsConnections(): Promise<WsConnection[]> {
      const { wsConnections: all } = await control('GET', '/bot');
      return all.filter((c: WsConnection) => c.botId === s.wsBot.botId);
    }

    /** Who holds the long connection's lease: its process id. */
    async function wsLease() {
      const [row] = await wecomDb(async db => {
        const { rows } = await db.query<{ holder: string }>(
          `select holder from wecom_bot_connection_locks where integration_id = $1`,
          [s.wsBot.integrationId],
        );
        return rows;
      });
      // `<host>:<pid>:<random>`
      return row && { pid: Number(row.holder.split(':').at(-2)) };
    }

    /** A member's message pushed on the long connection; waits for the finished answer. */
    async function askOverWs(text: string) {
      const pushed = await control('POST', '/bot/ws/message', {
        botId: s.wsBot.botId,
        from: s.wsBot.member.userid,
        text,
      });
      const replies = await eventually(
        `the answer to "${text}" over the long connection`,
        async () => {
          const { wsReplies } = await control('GET', '/bot');
          const mine: WsReply[] = wsReplies.filter(
            (r: WsReply) => r.reqId === pushed.reqId,
          );
          return mine.some(r => r.body.stream?.finish) && mine;
        },
        15_000,
      );
      // Give a second answer (if any) time to show before counting.
      await sleep(1000);
      const { wsReplies } = await control('GET', '/bot');
      const finished = wsReplies.filter(
        (r: WsReply) => r.reqId === pushed.reqId && r.body.stream?.finish,
      );
      expect(finished).toHaveLength(1);
      expect(replies.every(r => r.errcode === 0)).toBe(true);
      return {
        connectionId: pushed.connectionId as string,
        answer: finished[0].body.stream!.content,
      };
    }
  },
);
