import { WeComIncident } from 'backstage-plugin-wecom-common';
import { WeComTemplateCardEvent } from 'backstage-plugin-wecom-node';
import { createTestDatabases } from '../../__testUtils__/databases';
import { WeComNetworkError } from '../../connector';
import { CardAction, cardActionKey } from '../contracts';
import { CardSynchronizer } from './CardSynchronizer';
import { ResponseCodeStore } from './ResponseCodeStore';
import {
  ScriptedHarness,
  apiError,
  startScriptedHarness,
} from './__testUtils__/scriptedHarness';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('card updates on %p', id => {
  let h: ScriptedHarness;
  let incident: WeComIncident;
  let taskId: string;
  let codes: ResponseCodeStore;

  beforeEach(async () => {
    h = await startScriptedHarness(await databases.init(id));
    codes = new ResponseCodeStore(h.knex);
    incident = await h.provider.createIncident({
      title: 'payments-api: error rate above 5%',
      severity: 'critical',
    });
    await h.links.link({
      integrationId: 'acme',
      entityRef: 'user:default/alice',
      wecomUserId: 'alice',
      source: 'manual',
    });
    await h.cardDelivery.notify({
      incident,
      integrationId: 'acme',
      recipients: {
        recipients: [
          { entityRef: 'user:default/alice', wecomUserId: 'alice' },
          { entityRef: 'user:default/bob', wecomUserId: 'bob' },
        ],
        unlinked: [],
        optedOut: [],
      },
      level: 0,
    });
    await h.worker.kick();
    taskId = (await h.cardDelivery.listDeliveries(incident.id))[0].taskId!;
  });
  afterEach(() => h.worker.stop());

  const transition = async (action: 'close' | 'reopen' | 'startProcessing') =>
    h.provider.transition(incident.id, { action });
  const card = async () =>
    (await h.cardDelivery.listDeliveries(incident.id)).map(d => ({
      cardStatus: d.cardStatus,
      stale: d.stale,
    }))[0];
  const spentCodes = () => h.updates.map(u => u.response_code);
  const addClickCode = (code: string) =>
    codes.record({
      code,
      taskId,
      integrationId: 'acme',
      source: 'click',
      obtainedAt: h.now(),
    });
  const clickEvent = (
    fromUserId: string,
    action: CardAction,
    responseCode: string,
  ): WeComTemplateCardEvent => ({
    type: 'template_card_event',
    integrationId: 'acme',
    corpId: 'ww0123456789abcdef',
    fromUserId,
    createdAt: h.now().toISO()!,
    eventKey: cardActionKey(incident.id, action),
    taskId,
    cardType: 'button_interaction',
    responseCode,
    selectedItems: [],
    raw: {},
  });

  it('spends the newest unspent code, each at most once, then marks the card stale', async () => {
    h.advance({ minutes: 1 });
    await addClickCode('click-1');
    h.advance({ minutes: 1 });
    await addClickCode('click-2');

    await h.cardDelivery.statusChanged(await transition('startProcessing'));
    await h.cardDelivery.statusChanged(await transition('close'));
    await h.cardDelivery.statusChanged(await transition('reopen'));
    expect(spentCodes()).toEqual(['click-2', 'click-1', 'send-code-1']);
    expect(h.updates.every(u => u.atall === 1)).toBe(true);

    await h.cardDelivery.statusChanged(await transition('close'));
    expect(spentCodes()).toHaveLength(3);
    expect(await card()).toEqual({ cardStatus: 'triggered', stale: true });
    // The stale mark is reported once, not on every later change.
    await h.cardDelivery.statusChanged(await transition('reopen'));
    await h.cardDelivery.statusChanged(await transition('close'));
    const staleEntries = h.provider
      .entries(incident.id, 'card')
      .filter(e => e.data?.stale);
    expect(staleEntries).toHaveLength(1);
  });

  it('never puts the card’s task_id in an update: the response code names the card', async () => {
    // Whether update_template_card accepts the task_id again is not
    // documented either way; leaving it out cannot be wrong.
    await addClickCode('click-t');
    await h.cardDelivery.statusChanged(await transition('startProcessing'));
    await h.clickHandler.handle(
      clickEvent('bob', { kind: 'close' }, 'click-bob-t'),
    );
    expect(h.updates).toHaveLength(2);
    for (const update of h.updates) {
      expect(update.template_card).not.toHaveProperty('task_id');
    }
  });

  it('does not lose a status change made while the card is being updated', async () => {
    await addClickCode('click-1');
    h.duringUpdate.push(async () => {
      // Another replica's change arrives mid-update: the card is claimed.
      await h.cardDelivery.statusChanged(await transition('close'));
    });
    await h.cardDelivery.statusChanged(await transition('startProcessing'));

    expect(spentCodes()).toEqual(['click-1', 'send-code-1']);
    expect(h.renderer.rendered.slice(-2).map(r => r.status)).toEqual([
      'processing',
      'closed',
    ]);
    expect(await card()).toEqual({ cardStatus: 'closed', stale: false });
  });

  it('lets only one of two concurrent takers have a code, and one worker sync a card', async () => {
    const [code] = await codes.listForCard(taskId);
    const taken = await Promise.all([
      codes.take(code.id, h.now()),
      codes.take(code.id, h.now()),
    ]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    await codes.release(code.id);

    const other = new CardSynchronizer({
      knex: h.knex,
      provider: h.provider,
      renderer: h.renderer,
      targets: async () => ({
        client: {
          sendSerializedMessage: async () => ({ msgid: 'x' }),
          updateTemplateCard: async body => {
            h.updates.push(body);
            return {};
          },
        },
      }),
      logger: h.logger,
      now: h.now,
      workerId: 'worker-2',
    });
    await transition('close');
    await addClickCode('click-1');
    const outcomes = await Promise.all([
      other.sync(taskId),
      h.cardDelivery.statusChanged(
        (await h.provider.getIncident(incident.id))!,
      ),
    ]);
    expect(new Set(spentCodes()).size).toBe(spentCodes().length);
    expect(spentCodes()).toHaveLength(1);
    expect(outcomes[0]).toMatch(/^(updated|busy|current)$/);
  });

  it('never spends a code in the last minutes of its 72 hours', async () => {
    h.advance({ hours: 71, minutes: 49 });
    await h.cardDelivery.statusChanged(await transition('close'));
    expect(spentCodes()).toEqual(['send-code-1']);

    await addClickCode('click-1');
    h.advance({ hours: 71, minutes: 51 });
    await h.cardDelivery.statusChanged(await transition('reopen'));
    expect(spentCodes()).toEqual(['send-code-1']);
    expect(await card()).toEqual({ cardStatus: 'closed', stale: true });
  });

  it('moves on to the next code when WeCom refuses one as used or expired', async () => {
    await addClickCode('click-1');
    h.updateAnswers.push(apiError(40098, 'response_code has been used'));
    await h.cardDelivery.statusChanged(await transition('close'));

    expect(spentCodes()).toEqual(['click-1', 'send-code-1']);
    expect(await card()).toEqual({ cardStatus: 'closed', stale: false });
    const [sendCode, clickCode] = await codes.listForCard(taskId);
    expect(clickCode.spentFor).toBe('refused');
    expect(sendCode.spentFor).toBe('status');
  });

  it('keeps a code after a transient failure and updates the card on a later pass', async () => {
    h.updateAnswers.push(
      new WeComNetworkError({
        api: 'update_template_card',
        message: 'ETIMEDOUT',
      }),
    );
    await h.cardDelivery.statusChanged(await transition('close'));
    expect(await card()).toEqual({ cardStatus: 'triggered', stale: false });

    await h.worker.kick(); // not due yet
    expect(h.updates).toHaveLength(1);
    h.advance({ seconds: 31 });
    await h.worker.kick();

    expect(spentCodes()).toEqual(['send-code-1', 'send-code-1']);
    expect(await card()).toEqual({ cardStatus: 'closed', stale: false });
  });

  it('gives up a code WeCom refuses for another reason, and says so on the timeline', async () => {
    h.updateAnswers.push(apiError(40058, 'invalid template_card'));
    await h.cardDelivery.statusChanged(await transition('close'));

    expect(h.updates).toHaveLength(1);
    expect((await codes.listForCard(taskId))[0].spentFor).toBe('failed');
    expect(h.provider.entries(incident.id, 'card').at(-1)?.message).toMatch(
      /WeCom refused to update the card: invalid template_card \(errcode 40058\)/,
    );
    await h.worker.kick();
    expect(h.updates).toHaveLength(1);
  });

  it('brings a card changed before its send went out up to date once it is sent', async () => {
    const second = await h.provider.createIncident({
      title: 'queued',
      severity: 'warning',
    });
    h.sendAnswers.push(apiError(-1, 'system busy'));
    await h.cardDelivery.notify({
      incident: second,
      integrationId: 'acme',
      recipients: {
        recipients: [{ entityRef: 'user:default/alice', wecomUserId: 'alice' }],
        unlinked: [],
        optedOut: [],
      },
      level: 0,
    });
    await h.worker.kick();
    const closed = await h.provider.transition(second.id, { action: 'close' });
    await h.cardDelivery.statusChanged(closed);
    expect((await h.cardDelivery.listDeliveries(second.id))[0]).toMatchObject({
      status: 'pending',
    });

    h.advance({ seconds: 10 });
    await h.worker.kick();

    const [row] = await h.cardDelivery.listDeliveries(second.id);
    expect(row).toMatchObject({
      status: 'sent',
      cardStatus: 'closed',
      stale: false,
    });
    expect(h.updates.at(-1)?.response_code).toBe('send-code-3');
  });

  describe('clicks', () => {
    it('transitions once even when the callback queue runs the click again', async () => {
      const event = clickEvent('alice', { kind: 'startProcessing' }, 'click-9');
      await h.clickHandler.handle(event);
      await h.clickHandler.handle(event);

      expect(h.provider.entries(incident.id, 'transition')).toHaveLength(1);
      expect((await h.provider.getIncident(incident.id))?.status).toBe(
        'processing',
      );
      expect(spentCodes()).toEqual(['click-9']);
      expect(h.updates[0]).toMatchObject({ atall: 1 });
      expect(h.renderer.rendered.at(-1)).toMatchObject({
        status: 'processing',
        changedBy: 'alice',
      });
    });

    it('snoozes for the minutes of the clicked entry', async () => {
      await h.clickHandler.handle(
        clickEvent('alice', { kind: 'snooze', minutes: 240 }, 'click-s'),
      );
      const [snoozed] = h.provider.entries(incident.id, 'transition');
      expect(snoozed.message).toBe(
        'Snoozed for 4 hours, until 2026-11-26 14:00 UTC',
      );
      expect(snoozed.data).toMatchObject({ snoozeMinutes: 240 });
    });

    it('answers an unlinked clicker with their click code only, never the card’s', async () => {
      await h.clickHandler.handle(
        clickEvent('bob', { kind: 'close' }, 'click-bob'),
      );
      await h.clickHandler.handle(
        clickEvent('bob', { kind: 'close' }, 'click-bob'),
      );
      expect(spentCodes()).toEqual(['click-bob']);
      expect(h.updates[0]).toMatchObject({ userids: ['bob'] });
      expect((await codes.listForCard(taskId))[0].spentAt).toBeUndefined();
      expect((await h.provider.getIncident(incident.id))?.status).toBe(
        'triggered',
      );
    });

    describe('as the linked user, through the permission policy', () => {
      /** A fresh harness whose policy and sign-in are set by the test. */
      async function restartWith(
        options: Parameters<typeof startScriptedHarness>[1],
      ) {
        h.worker.stop();
        h = await startScriptedHarness(h.knex, options);
        incident = await h.provider.createIncident({
          title: 'payments-api: error rate above 5%',
          severity: 'critical',
        });
        await h.cardDelivery.notify({
          incident,
          integrationId: 'acme',
          recipients: {
            recipients: [
              { entityRef: 'user:default/alice', wecomUserId: 'alice' },
              { entityRef: 'user:default/bob', wecomUserId: 'bob' },
            ],
            unlinked: [],
            optedOut: [],
          },
          level: 0,
        });
        await h.worker.kick();
        taskId = (await h.cardDelivery.listDeliveries(incident.id))[0].taskId!;
      }

      it('refuses a click when the policy denies wecom.incident.update, and tells the clicker why on their card only', async () => {
        await restartWith({ policy: () => false });

        await h.clickHandler.handle(
          clickEvent('alice', { kind: 'close' }, 'click-denied'),
        );

        expect((await h.provider.getIncident(incident.id))?.status).toBe(
          'triggered',
        );
        expect(h.provider.entries(incident.id, 'transition')).toEqual([]);
        expect(h.access.checks).toEqual([
          {
            entityRef: 'user:default/alice',
            permission: 'wecom.incident.update',
          },
        ]);
        // The clicker's own view, with their click's code: the card keeps
        // its state and says why nothing happened.
        expect(spentCodes()).toEqual(['click-denied']);
        expect(h.updates[0]).toMatchObject({ userids: ['alice'] });
        expect(JSON.stringify(h.updates[0])).toContain(
          'Not allowed: your Backstage user may not change incidents (wecom.incident.update)',
        );
        expect(h.renderer.rendered.at(-1)).toMatchObject({
          status: 'triggered',
        });
      });

      it('refuses a click when Backstage cannot act as the linked user', async () => {
        await restartWith({ unavailable: true });

        await h.clickHandler.handle(
          clickEvent('alice', { kind: 'startProcessing' }, 'click-unknown'),
        );

        expect((await h.provider.getIncident(incident.id))?.status).toBe(
          'triggered',
        );
        expect(h.updates[0]).toMatchObject({ userids: ['alice'] });
        expect(JSON.stringify(h.updates[0])).toContain(
          'Backstage could not check your permissions',
        );
      });

      it('still changes the incident when the policy allows it', async () => {
        await restartWith({
          policy: (_user, permission) => permission === 'wecom.incident.update',
        });

        await h.clickHandler.handle(
          clickEvent('alice', { kind: 'startProcessing' }, 'click-ok'),
        );

        expect(await h.provider.getIncident(incident.id)).toMatchObject({
          status: 'processing',
          acknowledgedBy: 'user:default/alice',
        });
      });
    });

    it('ignores keys and cards that are not incident cards', async () => {
      await h.clickHandler.handle({
        ...clickEvent('alice', { kind: 'close' }, 'c1'),
        eventKey: 'approve_leave',
      });
      await h.clickHandler.handle({
        ...clickEvent('alice', { kind: 'close' }, 'c2'),
        taskId: 'someone-elses-task',
      });
      expect(h.updates).toEqual([]);
      expect((await h.provider.getIncident(incident.id))?.status).toBe(
        'triggered',
      );
    });
  });
});
