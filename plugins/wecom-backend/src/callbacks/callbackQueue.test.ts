import { mockServices } from '@backstage/backend-test-utils';
import { WeComAppEvent } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { eventually } from '../__testUtils__/startWeComBackend';
import { applyMigrations } from '../database/migrations';
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
