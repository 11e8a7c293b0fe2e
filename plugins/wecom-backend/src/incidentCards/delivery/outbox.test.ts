import { WeComIncident } from 'backstage-plugin-wecom-common';
import { Duration } from 'luxon';
import { createTestDatabases } from '../../__testUtils__/databases';
import { WeComNetworkError } from '../../connector';
import { OutboxStore } from './OutboxStore';
import { ResponseCodeStore } from './ResponseCodeStore';
import {
  ScriptedHarness,
  apiError,
  startScriptedHarness,
} from './__testUtils__/scriptedHarness';
import { Recipient } from '../../recipients/types';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const member = (name: string): Recipient => ({
  entityRef: `user:default/${name}`,
  wecomUserId: name,
});

describe.each(databases.eachSupportedId())('the card outbox on %p', id => {
  let h: ScriptedHarness;
  let incident: WeComIncident;

  beforeEach(async () => {
    h = await startScriptedHarness(await databases.init(id));
    incident = await h.provider.createIncident({
      title: 'payments-api: error rate above 5%',
      severity: 'critical',
    });
  });
  afterEach(() => h.worker.stop());

  const notify = async (names: string[], extra: object = {}) => {
    await h.cardDelivery.notify({
      incident,
      integrationId: 'acme',
      recipients: {
        recipients: names.map(member),
        unlinked: [],
        optedOut: [],
        ...extra,
      },
      level: 0,
    });
    await h.worker.kick();
  };
  const deliveries = () => h.cardDelivery.listDeliveries(incident.id);
  const outboxRow = async () =>
    new OutboxStore(h.knex).get((await deliveries())[0].taskId!);

  it('stores the message/send JSON once, with the duplicate check on for 4 hours, and records every responder', async () => {
    await notify(['alice', 'bob'], {
      unlinked: ['user:default/carol'],
      optedOut: ['user:default/dave'],
    });

    expect(h.sent).toHaveLength(1);
    const body = JSON.parse(h.sent[0]);
    expect(body).toMatchObject({
      touser: 'alice|bob',
      msgtype: 'template_card',
      agentid: 1000002,
      enable_duplicate_check: 1,
      duplicate_check_interval: 14400,
      template_card: { card_type: 'button_interaction' },
    });
    expect(body.template_card.task_id).toMatch(
      /^inc-[\w-]+-l0-p0-[0-9a-f]{12}$/,
    );
    expect(h.sent[0]).not.toContain('access_token');
    expect((await outboxRow())?.body).toBe(h.sent[0]);
    expect((await deliveries()).map(d => [d.entityRef, d.status])).toEqual([
      ['user:default/alice', 'sent'],
      ['user:default/bob', 'sent'],
      ['user:default/carol', 'unlinked'],
      ['user:default/dave', 'optedOut'],
    ]);
  });

  it('retries a transient failure with backoff, sending the stored bytes each time', async () => {
    h.sendAnswers.push(
      new WeComNetworkError({ api: 'message/send', message: 'ECONNRESET' }),
      apiError(-1, 'system busy'),
    );
    await notify(['alice']);
    expect(h.sent).toHaveLength(1);
    expect((await deliveries())[0].status).toBe('pending');

    // Not before the backoff (5 s after the first failure).
    h.advance({ seconds: 4 });
    await h.worker.kick();
    expect(h.sent).toHaveLength(1);
    h.advance({ seconds: 2 });
    await h.worker.kick();
    expect(h.sent).toHaveLength(2);
    // The second failure waits 10 s.
    h.advance({ seconds: 9 });
    await h.worker.kick();
    expect(h.sent).toHaveLength(2);
    h.advance({ seconds: 2 });
    await h.worker.kick();

    expect(h.sent).toHaveLength(3);
    expect(new Set(h.sent).size).toBe(1);
    expect(await outboxRow()).toMatchObject({ status: 'sent', attempts: 3 });
    expect((await deliveries())[0].status).toBe('sent');
  });

  it('records a refusal WeCom will repeat as failed, with its reason, on the timeline too', async () => {
    h.sendAnswers.push(apiError(40058, 'invalid parameter'));
    await notify(['alice', 'bob']);

    expect(h.sent).toHaveLength(1);
    expect(await outboxRow()).toMatchObject({ status: 'failed' });
    const rows = await deliveries();
    expect(rows.map(d => d.status)).toEqual(['failed', 'failed']);
    expect(rows[0].error).toMatch(/errcode 40058/);
    expect(
      h.provider.entries(incident.id, 'notification').at(-1)?.message,
    ).toMatch(/^Card could not be sent: .*40058/);
  });

  it('marks every recipient invalidUser when WeCom knows none of them (81013)', async () => {
    h.sendAnswers.push(apiError(81013, 'user & party & tag all invalid'));
    await notify(['ghost1', 'ghost2']);
    expect((await deliveries()).map(d => d.status)).toEqual([
      'invalidUser',
      'invalidUser',
    ]);
  });

  it('marks the members named in invaliduser, and keeps the send code (source send)', async () => {
    h.sendAnswers.push({
      msgid: 'm1',
      invaliduser: 'bob',
      response_code: 'code-of-send',
    });
    await notify(['alice', 'bob']);
    const rows = await deliveries();
    expect(rows.map(d => [d.wecomUserId, d.status])).toEqual([
      ['alice', 'sent'],
      ['bob', 'invalidUser'],
    ]);
    const codes = await new ResponseCodeStore(h.knex).listForCard(
      rows[0].taskId!,
    );
    expect(codes.map(c => [c.code, c.source, c.spentAt])).toEqual([
      ['code-of-send', 'send', undefined],
    ]);
    expect(h.provider.entries(incident.id, 'notification')[0].message).toBe(
      'Card sent to 1 WeCom member(s); WeCom could not reach 1: bob',
    );
  });

  it('stops retrying inside the duplicate window, never after it', async () => {
    h.sendAnswers.push(
      ...Array.from({ length: 100 }, () => apiError(-1, 'system busy')),
    );
    await notify(['alice']);
    // Drain every few minutes for a little under 4 hours: retries continue.
    for (let minutes = 0; minutes < 225; minutes += 5) {
      h.advance({ minutes: 5 });
      await h.worker.kick();
    }
    const attemptsInside = h.sent.length;
    expect(attemptsInside).toBeGreaterThan(20);
    expect(await outboxRow()).toMatchObject({ status: 'pending' });

    h.advance({ minutes: 20 });
    await h.worker.kick();
    h.advance({ hours: 1 });
    await h.worker.kick();

    expect(h.sent).toHaveLength(attemptsInside);
    expect(await outboxRow()).toMatchObject({ status: 'failed' });
    expect((await deliveries())[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/4 hours/),
    });
  });

  it('lets only one worker claim a row, and another take over only after the claim expired', async () => {
    const delivery = h.cardDelivery;
    h.worker.stop(); // nobody drains on its own in this test
    await delivery.notify({
      incident,
      integrationId: 'acme',
      recipients: { recipients: [member('alice')], unlinked: [], optedOut: [] },
      level: 0,
    });
    const outbox = new OutboxStore(h.knex);
    const [a, b] = await Promise.all([
      outbox.claim('worker-a', h.now()),
      outbox.claim('worker-b', h.now()),
    ]);
    expect(a.length + b.length).toBe(1);

    h.advance({ seconds: 119 });
    expect(await outbox.claim('worker-c', h.now())).toEqual([]);
    h.advance({ seconds: 2 });
    const [takenOver] = await outbox.claim('worker-c', h.now());
    expect(takenOver).toMatchObject({ attempts: 2 });
    // The window counts from the first attempt, not the takeover.
    expect(takenOver.firstAttemptAt.toISO()).toBe(
      h.now().minus({ seconds: 121 }).toISO(),
    );
  });

  it('lets another worker take over after the configured claim timeout (claimTimeoutSeconds)', async () => {
    h.worker.stop();
    await h.cardDelivery.notify({
      incident,
      integrationId: 'acme',
      recipients: { recipients: [member('alice')], unlinked: [], optedOut: [] },
      level: 0,
    });
    const outbox = new OutboxStore(
      h.knex,
      Duration.fromObject({ seconds: 10 }),
    );
    expect(await outbox.claim('worker-a', h.now())).toHaveLength(1);

    h.advance({ seconds: 9 });
    expect(await outbox.claim('worker-b', h.now())).toEqual([]);
    h.advance({ seconds: 2 });
    expect(await outbox.claim('worker-b', h.now())).toMatchObject([
      { attempts: 2 },
    ]);
  });

  it('records failed deliveries, sends nothing, when the integration has no AgentId', async () => {
    const noAgent = await startScriptedHarness(await databases.init(id), {
      agentId: undefined,
    });
    const other = await noAgent.provider.createIncident({
      title: 'x',
      severity: 'info',
    });
    await noAgent.cardDelivery.notify({
      incident: other,
      integrationId: 'acme',
      recipients: {
        recipients: [member('alice')],
        unlinked: ['user:default/carol'],
        optedOut: [],
      },
      level: 1,
    });
    await noAgent.worker.kick();
    expect(noAgent.sent).toEqual([]);
    const rows = await noAgent.cardDelivery.listDeliveries(other.id);
    expect(rows.map(d => [d.status, d.level])).toEqual([
      ['failed', 1],
      ['unlinked', 1],
    ]);
    expect(rows[0].error).toMatch(/has no AgentId/);
    noAgent.worker.stop();
  });
});
