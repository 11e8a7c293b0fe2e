import { WeComIncident } from 'backstage-plugin-wecom-common';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/startWeComBackend';
import { cardActionKey } from '../contracts';
import { OutboxCardDelivery } from './OutboxCardDelivery';
import { OutboxStore } from './OutboxStore';
import { ResponseCodeStore } from './ResponseCodeStore';
import {
  DeliveryHarness,
  startDeliveryHarness,
} from './__testUtils__/emulatorHarness';
import { LINK_HINT } from '../../access/refusals';
import { Recipient, RecipientSet } from '../../recipients/types';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const member = (name: string, wecomUserId: string): Recipient => ({
  entityRef: `user:default/${name}`,
  wecomUserId,
});
const zhangsan = member('zhangsan', 'ZhangSan');
const lisi = member('lisi', 'LiSi');
const wangwu = member('wangwu', 'WangWu');

const to = (
  recipients: Recipient[],
  unlinked: string[] = [],
): RecipientSet => ({
  recipients,
  unlinked,
  optedOut: [],
});

const waitLong = (check: () => void | Promise<void>) => eventually(check, 400);

describe.each(databases.eachSupportedId())(
  'card delivery through the WeCom emulator on %p',
  databaseId => {
    let h: DeliveryHarness;

    beforeAll(async () => {
      h = await startDeliveryHarness(await databases.init(databaseId));
      for (const who of [zhangsan, lisi]) {
        await h.links.link({
          integrationId: 'demo',
          entityRef: who.entityRef,
          wecomUserId: who.wecomUserId,
          source: 'manual',
        });
      }
    });
    afterAll(async () => {
      await h?.close();
    });
    beforeEach(() => {
      // Fresh cards, calls and clock for each case; our rows stay.
      h.emulator.reset();
    });

    async function openIncident(title = 'payments-api: error rate above 5%') {
      return h.provider.createIncident({ title, severity: 'critical' });
    }

    /** Notifies and waits until the outbox has sent every card of the incident. */
    async function notifyAndSend(incident: WeComIncident, set: RecipientSet) {
      await h.cardDelivery.notify({
        incident,
        integrationId: 'demo',
        recipients: set,
        level: 0,
      });
      await h.worker.kick();
      const deliveries = await h.cardDelivery.listDeliveries(incident.id);
      expect(deliveries.filter(d => d.status === 'pending')).toEqual([]);
      return deliveries;
    }

    const taskIdOf = async (incident: WeComIncident) =>
      (await h.cardDelivery.listDeliveries(incident.id)).find(d => d.taskId)!
        .taskId!;

    const updatesOf = (taskId: string) =>
      (h.emulator.card(taskId)?.events ?? []).filter(e => e.type === 'update');

    /** Accepted message/send calls (a reset emulator also refuses our cached token once). */
    const sends = () =>
      h.emulator.callCounts()['message/send']?.byErrcode['0'] ?? 0;

    const click = (userid: string, taskId: string, key: string) =>
      h.emulator.clickCard({ userid, taskId, eventKey: key });

    /** Waits until the callback queue ran every click to the end. */
    const clicksHandled = () =>
      waitLong(async () => {
        const counts = await h.queue.counts();
        expect(counts.pending ?? 0).toBe(0);
        expect(counts.processing ?? 0).toBe(0);
      });

    function expectNoCodeRefused() {
      const update = h.emulator.callCounts()['message/update_template_card'];
      expect(update?.errors ?? 0).toBe(0);
    }

    it('sends one message/send to 3 linked members and records 3 sent deliveries', async () => {
      const incident = await openIncident();
      const deliveries = await notifyAndSend(
        incident,
        to([zhangsan, lisi, wangwu], ['user:default/bwayne']),
      );

      expect(sends()).toBe(1);
      expect(
        deliveries.map(d => [d.entityRef, d.status, d.cardStatus]),
      ).toEqual([
        ['user:default/zhangsan', 'sent', 'triggered'],
        ['user:default/lisi', 'sent', 'triggered'],
        ['user:default/wangwu', 'sent', 'triggered'],
        ['user:default/bwayne', 'unlinked', undefined],
      ]);
      for (const userid of ['ZhangSan', 'LiSi', 'WangWu']) {
        expect(h.emulator.cardsDeliveredTo(userid)).toHaveLength(1);
      }
      expect(h.provider.entries(incident.id, 'notification')).toEqual([
        expect.objectContaining({ message: 'Card sent to 3 WeCom member(s)' }),
      ]);
    });

    it('marks members WeCom does not know as invalidUser', async () => {
      const incident = await openIncident();
      const deliveries = await notifyAndSend(
        incident,
        to([zhangsan, member('ghost', 'NoSuchMember')]),
      );
      expect(deliveries.map(d => [d.wecomUserId, d.status])).toEqual([
        ['ZhangSan', 'sent'],
        ['NoSuchMember', 'invalidUser'],
      ]);
    });

    it('splits 1,001 recipients into two sends of at most 1,000', async () => {
      const many: Recipient[] = [];
      for (let i = 0; i < 1001; i++) {
        const userid = `member${String(i).padStart(4, '0')}`;
        h.emulator.upsertUser({ userid, name: userid, department: [1] });
        many.push(member(userid, userid));
      }
      const incident = await openIncident('checkout: 1,001 responders');
      const deliveries = await notifyAndSend(incident, to(many));

      expect(sends()).toBe(2);
      expect(deliveries).toHaveLength(1001);
      expect(deliveries.every(d => d.status === 'sent')).toBe(true);
      const taskIds = [...new Set(deliveries.map(d => d.taskId))];
      expect(
        taskIds.map(t => h.emulator.card(t!)!.recipients.size).sort(),
      ).toEqual([1, 1000]);
    });

    it('records a send WeCom accepted without msgid or response_code as sent, and never resends it', async () => {
      // What message/send answers when enable_duplicate_check suppresses
      // a send is not documented: errcode 0 alone must count as delivered.
      const incident = await openIncident('accepted, answer bare');
      h.emulator.injectFault({
        api: 'message/send',
        errcode: 0,
        errmsg: 'ok',
      });
      await notifyAndSend(incident, to([zhangsan]));
      const taskId = await taskIdOf(incident);
      const outbox = new OutboxStore(h.knex);
      expect(await outbox.get(taskId)).toMatchObject({
        status: 'sent',
        attempts: 1,
      });
      const [delivery] = await h.cardDelivery.listDeliveries(incident.id);
      expect(delivery.status).toBe('sent');
      expect(await new ResponseCodeStore(h.knex).listForCard(taskId)).toEqual(
        [],
      );

      h.emulator.advanceClock(3600);
      await h.worker.kick();
      expect(await outbox.get(taskId)).toMatchObject({
        status: 'sent',
        attempts: 1,
      });
    });

    describe('a replica that crashed between claim and send', () => {
      /** Queues without kicking: the "crashed" replica claims first. */
      async function queueOnly(incident: WeComIncident, set: RecipientSet) {
        const delivery = new OutboxCardDelivery({
          knex: h.knex,
          provider: h.provider,
          renderer: h.renderer,
          targets: h.targets,
          synchronizer: undefined as never,
          kick: () => {},
          logger: h.logger,
          now: h.now,
        });
        await delivery.notify({
          incident,
          integrationId: 'demo',
          recipients: set,
          level: 0,
        });
      }

      it('leaves a claim that another drain takes over once it expires; the card arrives once', async () => {
        const incident = await openIncident('crashed before sending');
        await queueOnly(incident, to([zhangsan, lisi]));
        const outbox = new OutboxStore(h.knex);
        const [claimed] = await outbox.claim('worker-a', h.now());
        expect(claimed.incidentId).toBe(incident.id);
        // worker-a dies here.

        await h.worker.kick();
        expect(sends()).toBe(0);

        h.emulator.advanceClock(150);
        await h.worker.kick();
        expect(h.emulator.cardsDeliveredTo('ZhangSan')).toHaveLength(1);
        expect(h.emulator.cardsDeliveredTo('LiSi')).toHaveLength(1);
        const row = await outbox.get(claimed.taskId);
        expect(row).toMatchObject({ status: 'sent', attempts: 2 });
      });

      it('resends byte-identical JSON after a send whose answer was lost: WeCom delivers once', async () => {
        const incident = await openIncident('crashed after sending');
        await queueOnly(incident, to([zhangsan]));
        const knex = h.knex;
        const outbox = new OutboxStore(knex);
        const [claimed] = await outbox.claim('worker-a', h.now());
        // worker-a sends, then dies before recording WeCom's answer.
        const first = await h.client.sendSerializedMessage(claimed.body);

        h.emulator.advanceClock(150);
        await h.worker.kick();

        expect(sends()).toBe(2);
        expect(h.emulator.summary().duplicatesSuppressed).toBe(1);
        expect(h.emulator.cardsDeliveredTo('ZhangSan')).toHaveLength(1);
        expect((await outbox.get(claimed.taskId))?.body).toBe(claimed.body);
        const codes = await new ResponseCodeStore(knex).listForCard(
          claimed.taskId,
        );
        expect(codes.map(c => [c.code, c.source])).toEqual([
          [first.response_code, 'send'],
        ]);
        const [delivery] = await h.cardDelivery.listDeliveries(incident.id);
        expect(delivery.status).toBe('sent');
      });

      it('never retries once the first attempt is older than the 4-hour duplicate window', async () => {
        const incident = await openIncident('stuck for hours');
        await queueOnly(incident, to([zhangsan]));
        const outbox = new OutboxStore(h.knex);
        const [claimed] = await outbox.claim('worker-a', h.now());

        h.emulator.advanceClock(4 * 3600);
        await h.worker.kick();

        expect(sends()).toBe(0);
        const row = await outbox.get(claimed.taskId);
        expect(row?.status).toBe('failed');
        expect(row?.lastError).toMatch(/duplicate check only covers 4 hours/);
        const [delivery] = await h.cardDelivery.listDeliveries(incident.id);
        expect(delivery).toMatchObject({
          status: 'failed',
          error: expect.stringMatching(/could deliver the card twice/),
        });
      });
    });

    it('Start Processing transitions as the linked user and updates the card with that click; stale, then Refresh', async () => {
      const incident = await openIncident();
      await notifyAndSend(incident, to([zhangsan, lisi]));
      const taskId = await taskIdOf(incident);

      const started = await click(
        'ZhangSan',
        taskId,
        cardActionKey(incident.id, { kind: 'startProcessing' }),
      );
      expect(started.status).toBe(200);
      await clicksHandled();
      expect(updatesOf(taskId)).toHaveLength(1);
      const after = await h.provider.getIncident(incident.id);
      expect(after).toMatchObject({
        status: 'processing',
        acknowledgedBy: 'user:default/zhangsan',
      });
      expect(updatesOf(taskId)[0]).toMatchObject({
        responseCode: started.responseCode,
        userids: ['ZhangSan', 'LiSi'],
      });
      const lisiView = h.emulator.card(taskId)!.recipients.get('LiSi')!;
      expect((lisiView.card.main_title as any).desc).toBe(
        'Processing 处理中 by zhangsan',
      );
      expect(h.provider.entries(incident.id, 'transition')).toEqual([
        expect.objectContaining({ actor: 'user:default/zhangsan' }),
      ]);

      // A change made elsewhere spends the send's code, still unused.
      const closed = await h.provider.transition(incident.id, {
        action: 'close',
      });
      await h.cardDelivery.statusChanged(closed, 'alertmanager');
      expect(updatesOf(taskId)).toHaveLength(2);

      // The next change finds no code left: the card is stale.
      const reopened = await h.provider.transition(incident.id, {
        action: 'reopen',
      });
      await h.cardDelivery.statusChanged(reopened);
      expect(updatesOf(taskId)).toHaveLength(2);
      const staleRows = await h.cardDelivery.listDeliveries(incident.id);
      expect(staleRows.map(d => [d.cardStatus, d.stale])).toEqual([
        ['closed', true],
        ['closed', true],
      ]);
      expect(h.provider.entries(incident.id, 'card').at(-1)?.message).toMatch(
        /no response code is left/,
      );

      // Refresh earns the code that brings it current.
      const refresh = await click(
        'LiSi',
        taskId,
        cardActionKey(incident.id, { kind: 'refresh' }),
      );
      await clicksHandled();
      expect(updatesOf(taskId)).toHaveLength(3);
      expect(updatesOf(taskId)[2].responseCode).toBe(refresh.responseCode);
      const current = await h.cardDelivery.listDeliveries(incident.id);
      expect(current.map(d => [d.cardStatus, d.stale])).toEqual([
        ['triggered', false],
        ['triggered', false],
      ]);

      // No code was ever spent twice.
      const spent = updatesOf(taskId).map(e => e.responseCode);
      expect(new Set(spent).size).toBe(spent.length);
      expectNoCodeRefused();
    });

    it('snoozes from the card’s ⋯ menu (WeCom sends template_card_menu_event) and updates the card with that click', async () => {
      const incident = await openIncident();
      await notifyAndSend(incident, to([zhangsan, lisi]));
      const taskId = await taskIdOf(incident);

      const snoozed = await click(
        'ZhangSan',
        taskId,
        cardActionKey(incident.id, { kind: 'snooze', minutes: 240 }),
      );
      expect(snoozed.status).toBe(200);
      await clicksHandled();

      expect(await h.provider.getIncident(incident.id)).toMatchObject({
        status: 'snoozed',
      });
      expect(h.provider.entries(incident.id, 'transition')).toEqual([
        expect.objectContaining({
          actor: 'user:default/zhangsan',
          data: expect.objectContaining({ snoozeMinutes: 240 }),
        }),
      ]);
      expect(updatesOf(taskId)).toEqual([
        expect.objectContaining({ responseCode: snoozed.responseCode }),
      ]);
      expectNoCodeRefused();
    });

    it('never spends a code older than 72 hours', async () => {
      const incident = await openIncident();
      await notifyAndSend(incident, to([zhangsan]));
      const taskId = await taskIdOf(incident);

      h.emulator.advanceClock(72 * 3600);
      const closed = await h.provider.transition(incident.id, {
        action: 'close',
      });
      await h.cardDelivery.statusChanged(closed);

      expect(updatesOf(taskId)).toEqual([]);
      const [row] = await h.cardDelivery.listDeliveries(incident.id);
      expect(row).toMatchObject({ cardStatus: 'triggered', stale: true });
      const sendCode = h.emulator.card(taskId)!.events[0].responseCode!;
      expect(h.emulator.state.cards.code(sendCode)?.usedAt).toBeUndefined();
    });

    it('tells an unlinked clicker how to link, on their card only', async () => {
      const incident = await openIncident();
      await notifyAndSend(incident, to([zhangsan, wangwu]));
      const taskId = await taskIdOf(incident);

      const clicked = await click(
        'WangWu',
        taskId,
        cardActionKey(incident.id, { kind: 'startProcessing' }),
      );
      await clicksHandled();
      expect(updatesOf(taskId)).toHaveLength(1);

      expect(updatesOf(taskId)[0]).toMatchObject({
        responseCode: clicked.responseCode,
        userids: ['WangWu'],
      });
      const card = h.emulator.card(taskId)!;
      expect(card.recipients.get('WangWu')!.card.quote_area as any).toEqual({
        type: 0,
        quote_text: LINK_HINT,
      });
      expect(card.recipients.get('ZhangSan')!.version).toBe(1);
      expect((await h.provider.getIncident(incident.id))?.status).toBe(
        'triggered',
      );
    });

    it('answers an invalid transition on the card with the current status and why', async () => {
      const incident = await openIncident();
      await notifyAndSend(incident, to([zhangsan, lisi]));
      const taskId = await taskIdOf(incident);
      // Closed elsewhere, the cards not told: they still offer Start.
      await h.provider.transition(incident.id, { action: 'close' });

      const clicked = await click(
        'ZhangSan',
        taskId,
        cardActionKey(incident.id, { kind: 'startProcessing' }),
      );
      await clicksHandled();
      expect(updatesOf(taskId)).toHaveLength(1);

      expect(updatesOf(taskId)[0].responseCode).toBe(clicked.responseCode);
      const view = h.emulator.card(taskId)!.recipients.get('ZhangSan')!.card;
      expect((view.main_title as any).desc).toMatch(/^Closed 已关闭/);
      expect((view.quote_area as any).quote_text).toMatch(
        /The incident is already closed; reopen it first/,
      );
      expect((await h.provider.getIncident(incident.id))?.status).toBe(
        'closed',
      );
      expect(await h.queue.counts()).not.toHaveProperty('failed');
      expectNoCodeRefused();
    });
  },
);
