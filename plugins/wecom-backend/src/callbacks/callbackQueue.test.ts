import { mockServices } from '@backstage/backend-test-utils';
import { WeComAppEvent } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { eventually } from '../__testUtils__/startWeComBackend';
import { applyMigrations } from '../database/migrations';
import { readTimestamp } from '../database/time';
import { CallbackDispatcher } from './CallbackDispatcher';
import { CallbackJobQueue } from './CallbackJobQueue';
import { CallbackReceiptStore } from './CallbackReceiptStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

function textEvent(msgId: string, content = `message ${msgId}`): WeComAppEvent {
  return {
    integrationId: 'acme',
    corpId: 'wwtest0000000001',
    fromUserId: 'alice',
    createdAt: '2026-11-25T10:00:00.000Z',
    type: 'text',
    msgId,
    content,
    raw: {},
  } as WeComAppEvent;
}

describe.each(databases.eachSupportedId())(
  'the callback queue on %p',
  databaseId => {
    let knex: Knex;
    let dispatcher: CallbackDispatcher;
    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await applyMigrations(knex);
    });
    afterEach(() => dispatcher?.stop());

    const jobs = () =>
      knex('wecom_callback_jobs')
        .orderBy('id')
        .select('status', 'attempts', 'event_type');

    it('records each key once when concurrent callbacks repeat it', async () => {
      const receipts = new CallbackReceiptStore(knex);
      const keys = ['a', 'b', 'a', 'c', 'b', 'a'];

      const first = await Promise.all(
        keys.map(key => receipts.recordFirst(key, 'acme')),
      );

      expect(first).toEqual([true, true, false, true, false, false]);
      expect(await receipts.recordFirst('c', 'acme')).toBe(false);
      const [{ n }] = await knex('wecom_callback_receipts').count({ n: '*' });
      expect(Number(n)).toBe(3);
    });

    it('queues each callback key once: repeats in one group, later, and on another replica', async () => {
      const handled: string[] = [];
      const replica = () => {
        const d = new CallbackDispatcher(
          new CallbackJobQueue(knex),
          mockServices.logger.mock(),
        );
        d.addAppEventHandler({
          name: 'test',
          types: '*',
          handle: async event => {
            handled.push((event as { msgId: string }).msgId);
          },
        });
        return d;
      };
      dispatcher = replica();
      const other = replica();
      const longKey = `app:acme:card:${'c'.repeat(300)}`;

      try {
        const queued = await Promise.all([
          dispatcher.enqueueAppEvent(textEvent('a'), 'app:acme:msg:a'),
          dispatcher.enqueueAppEvent(textEvent('b'), 'app:acme:msg:b'),
          dispatcher.enqueueAppEvent(textEvent('a'), 'app:acme:msg:a'),
          other.enqueueAppEvent(textEvent('b'), 'app:acme:msg:b'),
          dispatcher.enqueueAppEvent(textEvent('long'), longKey),
          other.enqueueAppEvent(textEvent('long'), longKey),
        ]);
        expect(queued.filter(Boolean)).toHaveLength(3);
        expect(queued[0]).toBe(true);
        expect(queued[2]).toBe(false);
        // A retry after the first run is still a repeat.
        await eventually(() => expect(handled).toHaveLength(3));
        expect(
          await other.enqueueAppEvent(textEvent('a'), 'app:acme:msg:a'),
        ).toBe(false);
      } finally {
        other.stop();
      }

      expect([...handled].sort()).toEqual(['a', 'b', 'long']);
      const rows = await knex('wecom_callback_jobs').select('dedup_key');
      expect(rows.map(row => row.dedup_key).sort()).toEqual([
        'app:acme:msg:a',
        'app:acme:msg:b',
        expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      ]);
      // The receipts table is for bot messages; app events need no receipt.
      const [{ n }] = await knex('wecom_callback_receipts').count({ n: '*' });
      expect(Number(n)).toBe(0);
    });

    it('hands every event queued at once to the handlers, once and in order, and marks them done', async () => {
      dispatcher = new CallbackDispatcher(
        new CallbackJobQueue(knex),
        mockServices.logger.mock(),
      );
      const handled: string[] = [];
      dispatcher.addAppEventHandler({
        name: 'test',
        types: '*',
        handle: async event => {
          handled.push((event as { msgId: string }).msgId);
        },
      });
      const ids = Array.from({ length: 30 }, (_, i) => `m${i}`);

      // Two events with the same content but their own keys are two jobs.
      await Promise.all([
        ...ids.map(id => dispatcher.enqueueAppEvent(textEvent(id), id)),
        dispatcher.enqueueAppEvent(textEvent('m30', 'same'), 'key-a'),
        dispatcher.enqueueAppEvent(textEvent('m30', 'same'), 'key-b'),
      ]);

      await eventually(() => expect(handled).toHaveLength(32));
      expect(handled).toEqual([...ids, 'm30', 'm30']);
      await eventually(async () =>
        expect(await jobs()).toEqual(
          Array(32).fill({ status: 'done', attempts: 1, event_type: 'text' }),
        ),
      );
    });

    it('leaves a failed event for a retry and finishes the others', async () => {
      dispatcher = new CallbackDispatcher(
        new CallbackJobQueue(knex),
        mockServices.logger.mock(),
      );
      const handled: string[] = [];
      dispatcher.addAppEventHandler({
        name: 'test',
        types: ['text'],
        handle: async event => {
          const { msgId } = event as { msgId: string };
          if (msgId === 'bad') throw new Error('handler failed');
          handled.push(msgId);
        },
      });

      await Promise.all(
        ['one', 'bad', 'two'].map(id =>
          dispatcher.enqueueAppEvent(textEvent(id), id),
        ),
      );

      await eventually(async () =>
        expect((await jobs()).map(job => job.status)).toEqual([
          'done',
          'pending',
          'done',
        ]),
      );
      expect(handled).toEqual(['one', 'two']);
      // Due later (backoff), so a pass over the queue leaves it alone.
      await dispatcher.kick();
      expect(handled).toEqual(['one', 'two']);
    });
  },
);

/**
 * A replica's handler: records `replica:msgId` for every run, and can make
 * the next run of one message wait (a slow WeCom call, a long GC pause) and
 * then succeed or throw.
 */
function replicaHandler(replica: string, handled: string[]) {
  const held = new Map<
    string,
    { gate: Promise<void>; started: () => void; fails: boolean }
  >();
  return {
    name: `recorder-${replica}`,
    types: '*' as const,
    handle: async (event: WeComAppEvent) => {
      const { msgId } = event as { msgId: string };
      handled.push(`${replica}:${msgId}`);
      const hold = held.get(msgId);
      if (!hold) return;
      held.delete(msgId);
      hold.started();
      await hold.gate;
      if (hold.fails) throw new Error('WeCom timed out');
    },
    /** The next run of `msgId` here waits for `release()`. */
    hold(msgId: string, options: { fails?: boolean } = {}) {
      let release!: () => void;
      let started!: () => void;
      const gate = new Promise<void>(resolve => {
        release = resolve;
      });
      const running = new Promise<void>(resolve => {
        started = resolve;
      });
      held.set(msgId, { gate, started, fails: options.fails ?? false });
      return { release, running };
    },
  };
}

describe.each(databases.eachSupportedId())(
  'callback jobs across replicas on %p',
  databaseId => {
    let knex: Knex;
    let now: DateTime;
    const clock = () => now;
    const replicas: CallbackDispatcher[] = [];
    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await applyMigrations(knex);
      now = DateTime.fromISO('2026-11-25T10:00:00Z', { zone: 'utc' });
    });
    afterEach(() => replicas.splice(0).forEach(r => r.stop()));

    function replica(
      name: string,
      handled: string[],
      options?: { heartbeatEvery?: Duration },
    ) {
      const dispatcher = new CallbackDispatcher(
        new CallbackJobQueue(knex, clock),
        mockServices.logger.mock(),
        options,
      );
      const handler = replicaHandler(name, handled);
      dispatcher.addAppEventHandler(handler);
      replicas.push(dispatcher);
      return { dispatcher, handler };
    }

    const statuses = async () =>
      Object.fromEntries(
        (await knex('wecom_callback_jobs').select('dedup_key', 'status')).map(
          row => [row.dedup_key, row.status],
        ),
      );

    it('a replica stuck past its claim neither runs nor finishes the jobs another replica took over', async () => {
      const handled: string[] = [];
      const a = replica('A', handled);
      const b = replica('B', handled);
      // A is stuck in a slow handler with a click queued behind it.
      const slow = a.handler.hold('slow', { fails: true });
      await a.dispatcher.enqueueAppEvent(textEvent('slow'), 'app:acme:slow');
      await a.dispatcher.enqueueAppEvent(textEvent('click'), 'app:acme:click');
      await slow.running;

      // Past the claim timeout B takes both over and runs them.
      now = now.plus({ minutes: 6 });
      await b.dispatcher.kick();
      expect(handled).toEqual(['A:slow', 'B:slow', 'B:click']);
      expect(await statuses()).toEqual({
        'app:acme:slow': 'done',
        'app:acme:click': 'done',
      });

      // A wakes up: its slow run fails, and the click is no longer its own.
      slow.release();
      await a.dispatcher.kick();

      expect(handled).toEqual(['A:slow', 'B:slow', 'B:click']);
      // B's results stand: A neither marks them failed nor queues a retry.
      expect(await statuses()).toEqual({
        'app:acme:slow': 'done',
        'app:acme:click': 'done',
      });
      now = now.plus({ minutes: 10 });
      await b.dispatcher.kick();
      expect(handled).toEqual(['A:slow', 'B:slow', 'B:click']);
    });

    it('lets only the latest claim of a job renew, finish or fail it, even when the same replica claimed it again', async () => {
      const queue = new CallbackJobQueue(knex, clock);
      const first = await queue.enqueueClaimedOnce(
        'app:acme:click',
        'wecom-a',
        'acme',
        'text',
        textEvent('click'),
      );
      now = now.plus({ minutes: 6 });
      const [second] = await queue.claim('wecom-a');
      expect(second).toMatchObject({ id: first!.id, attempts: 2 });
      expect(second.claim).not.toBe(first!.claim);

      expect(await queue.renew([first!])).toEqual(new Set());
      expect(await queue.fail(first!, 'late', 8)).toBe('lost');
      await queue.completeMany([first!]);
      expect(await statuses()).toEqual({ 'app:acme:click': 'processing' });

      expect(await queue.renew([second])).toEqual(new Set([second.id]));
      await queue.completeMany([second]);
      expect(await statuses()).toEqual({ 'app:acme:click': 'done' });
    });

    it('keeps the claim of a job whose handler runs longer than the claim timeout', async () => {
      const handled: string[] = [];
      const a = replica('A', handled, {
        heartbeatEvery: Duration.fromMillis(10),
      });
      const b = replica('B', handled);
      const slow = a.handler.hold('slow');
      await a.dispatcher.enqueueAppEvent(textEvent('slow'), 'app:acme:slow');
      await slow.running;

      // Minutes pass while the handler still works; A is alive and says so.
      now = now.plus({ minutes: 4 });
      await eventually(async () => {
        const row = await knex('wecom_callback_jobs').first('claimed_at');
        expect(readTimestamp(row.claimed_at)!.toMillis()).toBe(now.toMillis());
      });
      now = now.plus({ minutes: 4 });
      await b.dispatcher.kick();
      expect(handled).toEqual(['A:slow']);

      slow.release();
      await eventually(async () =>
        expect(await statuses()).toEqual({ 'app:acme:slow': 'done' }),
      );
      expect(handled).toEqual(['A:slow']);
    });
  },
);
