import { createTestDatabases } from '../../__testUtils__/databases';
import { createMemoryWeComRateLimiter } from '../../connector';
import { CardStore } from './CardStore';
import { OutboxStore } from './OutboxStore';
import {
  DeliveryHarness,
  startDeliveryHarness,
} from './__testUtils__/emulatorHarness';
import { Recipient } from '../../recipients/types';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const zhangsan: Recipient = {
  entityRef: 'user:default/zhangsan',
  wecomUserId: 'ZhangSan',
};
const lisi: Recipient = { entityRef: 'user:default/lisi', wecomUserId: 'LiSi' };
const zhaoliu: Recipient = {
  entityRef: 'user:default/zhaoliu',
  wecomUserId: 'ZhaoLiu',
};
const wangwu: Recipient = {
  entityRef: 'user:default/wangwu',
  wecomUserId: 'WangWu',
};

async function notifyThrough(
  h: DeliveryHarness,
  title: string,
  recipients: Recipient[],
) {
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

    const notify = (title: string, recipients: Recipient[]) =>
      notifyThrough(h, title, recipients);

    it('sends the card now to the members within budget, holds it back for the one over it, and sends nothing WeCom would drop', async () => {
      await notify('first', [zhangsan]);
      await notify('second', [zhangsan]);
      const third = await notify('third', [zhangsan, lisi]);

      expect(h.emulator.messagesTo('ZhangSan')).toHaveLength(2);
      expect(h.emulator.droppedMessagesTo('ZhangSan')).toEqual([]);
      // LiSi does not wait for ZhangSan's budget.
      expect(h.emulator.cardsDeliveredTo('LiSi')).toHaveLength(1);

      const deliveries = await h.cardDelivery.listDeliveries(third.id);
      expect(deliveries.map(d => [d.wecomUserId, d.status])).toEqual([
        ['ZhangSan', 'pending'],
        ['LiSi', 'sent'],
      ]);
      const held = deliveries.find(d => d.wecomUserId === 'ZhangSan')!;
      const sent = deliveries.find(d => d.wecomUserId === 'LiSi')!;
      expect(held.error).toMatch(
        /WeCom's per-member budget.*goes out at \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
      );
      expect(sent.error).toBe(undefined);
      // A card of its own: WeCom refuses a task_id used before.
      expect(held.taskId).not.toBe(sent.taskId);
      expect(h.emulator.cardsDeliveredTo('LiSi')[0].taskId).toBe(sent.taskId);

      // A status change racing the split can miss the new card row: the
      // held card is checked against the incident once it has gone out.
      const heldCard = await new CardStore(h.knex).get(held.taskId!);
      expect(heldCard?.syncDueAt).toBeDefined();

      const outbox = await new OutboxStore(h.knex).get(held.taskId!);
      expect(outbox?.status).toBe('pending');
      expect(JSON.parse(outbox!.body)).toMatchObject({
        touser: 'ZhangSan',
        template_card: { task_id: held.taskId },
      });
      // Deferred until the hour's budget frees, not retried in seconds.
      expect(outbox!.availableAt.diff(h.now()).as('minutes')).toBeGreaterThan(
        50,
      );
      expect(h.logLines.join('\n')).toMatch(/per-member/);
      // Held back, never sent: no attempt counts towards WeCom's 4-hour
      // duplicate-check window, so a long hold cannot make us give it up.
      expect(outbox).toMatchObject({ attempts: 0, firstAttemptAt: undefined });
    });

    it('keeps a card an earlier attempt may have delivered whole: its bytes stay the same for the duplicate check', async () => {
      await notify('fourth', [wangwu]);
      // WeCom fails the first attempt after it may have taken the card (a
      // gateway error): the retry must send the same bytes.
      h.emulator.injectFault({
        api: 'message/send',
        errcode: -1,
        httpStatus: 502,
        times: 1_000,
      });
      const fifth = await notify('fifth', [wangwu, zhaoliu]);
      h.emulator.clearFaults();
      const [before] = await h.cardDelivery.listDeliveries(fifth.id);
      const bodyBefore = (await new OutboxStore(h.knex).get(before.taskId!))!
        .body;
      expect(JSON.parse(bodyBefore).touser).toBe('WangWu|ZhaoLiu');

      // WangWu's two slots of the hour are now spent (fourth, and the
      // attempt above): the retry is refused before it reaches WeCom.
      h.emulator.advanceClock(10 * 60);
      await h.worker.kick();

      const outbox = (await new OutboxStore(h.knex).get(before.taskId!))!;
      expect(outbox.status).toBe('pending');
      expect(outbox.body).toBe(bodyBefore);
      const deliveries = await h.cardDelivery.listDeliveries(fifth.id);
      expect(deliveries.map(d => [d.wecomUserId, d.status, d.taskId])).toEqual([
        ['WangWu', 'pending', before.taskId],
        ['ZhaoLiu', 'pending', before.taskId],
      ]);
      expect(deliveries.find(d => d.wecomUserId === 'WangWu')!.error).toMatch(
        /goes out at/,
      );
      expect(h.emulator.cardsDeliveredTo('WangWu')).toHaveLength(1);
    });
  },
);

/** The limiter's window, short enough to wait for in a test. */
const WINDOW_SECONDS = 5;

describe.each(databases.eachSupportedId())(
  'a card held back for one member, once the budget frees, on %p',
  databaseId => {
    let h: DeliveryHarness;

    beforeAll(async () => {
      h = await startDeliveryHarness(await databases.init(databaseId), {
        rateLimiter: createMemoryWeComRateLimiter({
          limits: {
            messagePerMemberHour: {
              points: 2,
              durationSeconds: WINDOW_SECONDS,
            },
          },
        }),
        emulatorRateLimits: { perUserPerHour: 2 },
      });
    });
    afterAll(async () => {
      await h?.close();
    });

    it('gives every recipient exactly one card: the others at once, the one over budget when it may receive again', async () => {
      await notifyThrough(h, 'first', [zhangsan]);
      await notifyThrough(h, 'second', [zhangsan]);
      const third = await notifyThrough(h, 'third', [zhangsan, lisi, wangwu]);
      expect(h.emulator.cardsDeliveredTo('LiSi')).toHaveLength(1);
      expect(h.emulator.cardsDeliveredTo('WangWu')).toHaveLength(1);
      expect(h.emulator.cardsDeliveredTo('ZhangSan')).toHaveLength(2);

      // WeCom's hour (the emulator's clock) and our limiter's window pass.
      h.emulator.advanceClock(3_600);
      await new Promise(resolve =>
        setTimeout(resolve, WINDOW_SECONDS * 1_000 + 200),
      );
      await h.worker.kick();

      const deliveries = await h.cardDelivery.listDeliveries(third.id);
      expect(deliveries.map(d => [d.wecomUserId, d.status])).toEqual([
        ['ZhangSan', 'sent'],
        ['LiSi', 'sent'],
        ['WangWu', 'sent'],
      ]);
      const heldTaskId = deliveries[0].taskId;
      const zhangsanCards = h.emulator.cardsDeliveredTo('ZhangSan');
      expect(zhangsanCards).toHaveLength(3);
      expect(zhangsanCards[2].taskId).toBe(heldTaskId);
      expect(h.emulator.card(heldTaskId!)).toBeDefined();
      // Nobody got the third card twice, and WeCom dropped nothing.
      expect(h.emulator.cardsDeliveredTo('LiSi')).toHaveLength(1);
      expect(h.emulator.cardsDeliveredTo('WangWu')).toHaveLength(1);
      for (const member of ['ZhangSan', 'LiSi', 'WangWu']) {
        expect(h.emulator.droppedMessagesTo(member)).toEqual([]);
      }
      // The incident's cards: the one sent at once and the held-back part.
      const cards = await new CardStore(h.knex).listForIncident(third.id);
      expect(cards.map(c => [c.recipients, c.sendStatus]).sort()).toEqual(
        [
          [['LiSi', 'WangWu'], 'sent'],
          [['ZhangSan'], 'sent'],
        ].sort(),
      );
    });
  },
);
