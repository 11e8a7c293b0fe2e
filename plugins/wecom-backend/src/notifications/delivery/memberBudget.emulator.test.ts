import { createTestDatabases } from '../../__testUtils__/databases';
import { createMemoryWeComRateLimiter } from '../../connector';
import { Recipient } from '../contracts';
import { OutboxStore } from './OutboxStore';
import {
  DeliveryHarness,
  startDeliveryHarness,
} from './__testUtils__/emulatorHarness';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const zhangsan: Recipient = {
  entityRef: 'user:default/zhangsan',
  wecomUserId: 'ZhangSan',
};
const lisi: Recipient = { entityRef: 'user:default/lisi', wecomUserId: 'LiSi' };

/**
 * WeCom drops app messages to a member beyond 30 a minute and 1,000 an hour
 * per app without an error (page 90312). The emulator drops them the same
 * way; the backend must not send what would be dropped, and must keep the
 * card and say when it goes out. Budgets are scaled down to 2 an hour.
 */
describe.each(databases.eachSupportedId())(
  "a recipient over WeCom's per-member message budget on %p",
  databaseId => {
    let h: DeliveryHarness;

    beforeAll(async () => {
      h = await startDeliveryHarness(await databases.init(databaseId), {
        rateLimiter: createMemoryWeComRateLimiter({
          limits: {
            messagePerMemberHour: { points: 2, durationSeconds: 3600 },
          },
        }),
        emulatorRateLimits: { perUserPerHour: 2 },
      });
    });
    afterAll(async () => {
      await h?.close();
    });

    async function notify(title: string, recipients: Recipient[]) {
      const incident = await h.provider.createIncident({
        title,
        severity: 'critical',
      });
      await h.cardDelivery.notify({
        incident,
        integrationId: 'demo',
        recipients: { recipients, unlinked: [], optedOut: [] },
        level: 0,
      });
      await h.worker.kick();
      return incident;
    }

    it('keeps the card queued, warns on its deliveries when it goes out, and sends nothing WeCom would drop', async () => {
      await notify('first', [zhangsan]);
      await notify('second', [zhangsan]);
      const third = await notify('third', [zhangsan, lisi]);

      expect(h.emulator.messagesTo('ZhangSan')).toHaveLength(2);
      expect(h.emulator.droppedMessagesTo('ZhangSan')).toEqual([]);
      expect(h.emulator.messagesTo('LiSi')).toEqual([]);

      const deliveries = await h.cardDelivery.listDeliveries(third.id);
      expect(deliveries.map(d => [d.wecomUserId, d.status])).toEqual([
        ['ZhangSan', 'pending'],
        ['LiSi', 'pending'],
      ]);
      const overBudget = deliveries.find(d => d.wecomUserId === 'ZhangSan')!;
      expect(overBudget.error).toMatch(
        /WeCom's per-member budget.*goes out at \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
      );
      expect(deliveries.find(d => d.wecomUserId === 'LiSi')!.error).toBe(
        undefined,
      );

      const outbox = await new OutboxStore(h.knex).get(deliveries[0].taskId!);
      expect(outbox?.status).toBe('pending');
      // Deferred until the hour's budget frees, not retried in seconds.
      expect(outbox!.availableAt.diff(h.now()).as('minutes')).toBeGreaterThan(
        50,
      );
      expect(h.logLines.join('\n')).toMatch(/per-member/);
      // Held back, never sent: no attempt counts towards WeCom's 4-hour
      // duplicate-check window, so a long hold cannot make us give it up.
      expect(outbox).toMatchObject({ attempts: 0, firstAttemptAt: undefined });
    });
  },
);
