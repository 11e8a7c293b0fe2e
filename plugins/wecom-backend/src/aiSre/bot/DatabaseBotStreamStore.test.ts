import { DateTime } from 'luxon';
import { createTestDatabases } from '../../__testUtils__/databases';
import { applyMigrations } from '../../database/migrations';
import { NewBotStream } from './BotStreamStore';
import { DatabaseBotStreamStore } from './DatabaseBotStreamStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const T0 = DateTime.fromISO('2026-11-28T09:00:00.000Z', { zone: 'utc' });

function newStream(overrides: Partial<NewBotStream> = {}): NewBotStream {
  const streamId = overrides.streamId ?? 's-1';
  return {
    streamId,
    integrationId: 'acme',
    msgId: `msg-${streamId}`,
    chatKey: 'group:wr1',
    fromUserId: 'ZhangSan',
    owner: 'replica-a',
    responseUrl: 'https://wecom.example/cgi-bin/aibot/response?response_code=x',
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseBotStreamStore on %p',
  id => {
    let knex: Awaited<ReturnType<typeof databases.init>>;
    let store: DatabaseBotStreamStore;

    beforeAll(async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
      store = new DatabaseBotStreamStore(knex);
    });
    beforeEach(() => knex('wecom_bot_streams').delete());
    afterAll(() => knex.destroy());

    const create = async (stream: NewBotStream, at: DateTime) =>
      (await store.createOnce(stream, at)).stream;

    it("opens one stream per message: a repeat of the message, on any replica, gets the first one's stream", async () => {
      const replicas = [store, new DatabaseBotStreamStore(knex)];
      const opened = await Promise.all(
        replicas.map((replica, i) =>
          replica.createOnce(
            newStream({ streamId: `s-${i}`, msgId: 'msg-twice' }),
            T0,
          ),
        ),
      );
      expect(opened.filter(o => o.created)).toHaveLength(1);
      expect(new Set(opened.map(o => o.stream.streamId)).size).toBe(1);
      // Another integration's message with the same msgid is another one.
      const other = await store.createOnce(
        newStream({ streamId: 's-x', msgId: 'msg-twice', integrationId: 'b' }),
        T0,
      );
      expect(other).toMatchObject({
        created: true,
        stream: { streamId: 's-x' },
      });
    });

    it('keeps a msgid too long or odd for its column apart from others', async () => {
      const long = 'm'.repeat(300);
      const first = await store.createOnce(
        newStream({ streamId: 'a', msgId: long }),
        T0,
      );
      const again = await store.createOnce(
        newStream({ streamId: 'b', msgId: long }),
        T0,
      );
      const nul = await store.createOnce(
        newStream({ streamId: 'c', msgId: 'with\u0000nul' }),
        T0,
      );
      expect([first.created, again.created, nul.created]).toEqual([
        true,
        false,
        true,
      ]);
      expect(again.stream.streamId).toBe('a');
    });

    it('discards an unfinished stream so the message can start again, never a finished one', async () => {
      await create(newStream({ streamId: 'a', msgId: 'm-a' }), T0);
      await store.discard('a');
      expect(
        await store.createOnce(newStream({ streamId: 'b', msgId: 'm-a' }), T0),
      ).toMatchObject({ created: true, stream: { streamId: 'b' } });
      await store.write('b', 'answered', true, T0);
      await store.discard('b');
      expect(await store.get('acme', 'b')).toMatchObject({
        content: 'answered',
      });
    });

    it('stores a stream and lets another reader see what the writer wrote', async () => {
      const created = await create(newStream(), T0);
      expect(created).toMatchObject({
        streamId: 's-1',
        content: '',
        finished: false,
        owner: 'replica-a',
      });
      expect(created.startedAt.toISO()).toBe(T0.toISO());

      // A second store on the same database stands for another replica.
      const otherReplica = new DatabaseBotStreamStore(knex);
      expect(
        await store.write('s-1', 'The 5xx', false, T0.plus({ seconds: 1 })),
      ).toBe(true);
      expect((await otherReplica.get('acme', 's-1'))!.content).toBe('The 5xx');

      expect(
        await store.write(
          's-1',
          'The 5xx started at 09:00.',
          true,
          T0.plus({ seconds: 2 }),
        ),
      ).toBe(true);
      const finished = (await otherReplica.get('acme', 's-1'))!;
      expect(finished.finished).toBe(true);
      expect(finished.content).toBe('The 5xx started at 09:00.');
      expect(finished.heartbeatAt.toISO()).toBe(
        T0.plus({ seconds: 2 }).toISO(),
      );
      // Another integration's stream with the same id is not this one.
      expect(await store.get('other', 's-1')).toBeUndefined();
    });

    it('never changes a finished stream again', async () => {
      await create(newStream(), T0);
      await store.write('s-1', 'final answer', true, T0);
      expect(await store.write('s-1', 'late partial', false, T0)).toBe(false);
      expect(
        await store.finishStale(
          's-1',
          'interrupted',
          T0.plus({ hours: 1 }),
          T0,
        ),
      ).toBe(false);
      expect((await store.get('acme', 's-1'))!.content).toBe('final answer');
      expect(await store.write('nope', 'x', false, T0)).toBe(false);
    });

    it('finishes a stream as interrupted only when its replica stopped beating', async () => {
      await create(newStream(), T0);
      await store.heartbeat(['s-1'], T0.plus({ seconds: 20 }));

      // Beat 20 s after start: not stale for a cut-off at 10 s.
      expect(
        await store.finishStale(
          's-1',
          'interrupted',
          T0.plus({ seconds: 10 }),
          T0.plus({ seconds: 40 }),
        ),
      ).toBe(false);
      expect(
        await store.finishStale(
          's-1',
          'interrupted',
          T0.plus({ seconds: 30 }),
          T0.plus({ seconds: 60 }),
        ),
      ).toBe(true);
      expect(await store.get('acme', 's-1')).toMatchObject({
        content: 'interrupted',
        finished: true,
      });
    });

    it("counts a member's unfinished streams whose replica is alive", async () => {
      await create(newStream({ streamId: 'a' }), T0);
      await create(newStream({ streamId: 'b' }), T0);
      await create(newStream({ streamId: 'c' }), T0);
      await create(newStream({ streamId: 'other', fromUserId: 'LiSi' }), T0);
      await store.write('c', 'done', true, T0);
      expect(await store.countUnfinished('acme', 'ZhangSan', T0)).toBe(2);
      // Streams whose replica died do not count against the member.
      await store.heartbeat(['a'], T0.plus({ minutes: 1 }));
      expect(
        await store.countUnfinished(
          'acme',
          'ZhangSan',
          T0.plus({ seconds: 30 }),
        ),
      ).toBe(1);
    });

    it('hands the response URL of an undelivered answer to exactly one caller', async () => {
      await create(newStream(), T0);
      // Not finished: nothing to post yet.
      expect(await store.claimResponseUrl('s-1', T0)).toBeUndefined();
      await store.write('s-1', 'late answer', true, T0.plus({ minutes: 7 }));

      expect(
        (await store.listUndelivered(T0.plus({ minutes: 6 }), 10)).map(
          s => s.streamId,
        ),
      ).toEqual(['s-1']);
      const claims = await Promise.all([
        store.claimResponseUrl('s-1', T0.plus({ minutes: 7 })),
        new DatabaseBotStreamStore(knex).claimResponseUrl(
          's-1',
          T0.plus({ minutes: 7 }),
        ),
      ]);
      expect(claims.filter(Boolean)).toEqual([
        {
          integrationId: 'acme',
          responseUrl: newStream().responseUrl,
          content: 'late answer',
          fromUserId: newStream().fromUserId,
        },
      ]);
      expect(await store.listUndelivered(T0.plus({ minutes: 6 }), 10)).toEqual(
        [],
      );
    });

    it('does not post an answer a refresh already delivered', async () => {
      await create(newStream(), T0);
      await store.write('s-1', 'answer', true, T0.plus({ seconds: 5 }));
      await store.markDelivered('s-1', T0.plus({ seconds: 6 }));
      expect(
        await store.claimResponseUrl('s-1', T0.plus({ minutes: 7 })),
      ).toBeUndefined();
      expect(await store.listUndelivered(T0.plus({ minutes: 6 }), 10)).toEqual(
        [],
      );
    });

    it('does not let a refresh show an answer already posted to its response URL', async () => {
      await create(newStream(), T0);
      await store.write('s-1', 'late answer', true, T0.plus({ minutes: 6 }));
      expect(
        await store.claimResponseUrl('s-1', T0.plus({ minutes: 6 })),
      ).toBeDefined();
      // WeCom's last refresh arrives just after the answer was posted.
      expect(await store.markDelivered('s-1', T0.plus({ minutes: 6 }))).toBe(
        false,
      );
    });

    it('lets every refresh of a delivered answer show it', async () => {
      await create(newStream(), T0);
      await store.write('s-1', 'answer', true, T0.plus({ seconds: 5 }));
      expect(await store.markDelivered('s-1', T0.plus({ seconds: 6 }))).toBe(
        true,
      );
      expect(await store.markDelivered('s-1', T0.plus({ seconds: 7 }))).toBe(
        true,
      );
    });

    it('prunes old streams', async () => {
      await create(newStream({ streamId: 'old' }), T0);
      await create(newStream({ streamId: 'new' }), T0.plus({ days: 2 }));
      expect(await store.prune(T0.plus({ days: 1 }))).toBe(1);
      expect(await store.get('acme', 'old')).toBeUndefined();
      expect(await store.get('acme', 'new')).toBeDefined();
    });
  },
);
