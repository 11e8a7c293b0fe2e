import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { RunningEmulator } from 'wecom-emulator';
import { createTestDatabases } from '../__testUtils__/databases';
import { startBackendWithEmulator } from '../__testUtils__/startBackendWithEmulator';
import { cardActionKey } from './contracts';
import { demoOrg, user, withRelations } from '../__testUtils__/demoOrg';

// The "done when", through the whole plugin and the emulator: an
// incident for a component owned by a team sends one card to the team's
// linked members; Start Processing clicked in WeCom moves the incident and
// updates the card with that click's code; a later change with no code left
// marks the card stale; Refresh brings it current; no code is spent twice.

jest.setTimeout(120_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };

// The payments team of the demo org, and who each is in the emulated corp.
const PAYMENTS_MEMBERS: Record<string, string> = {
  'user:default/jdoe': 'JohnDoe',
  'user:default/zhangsan': 'ZhangSan',
  'user:default/lisi': 'LiSi',
  'user:default/chenjing': 'ChenJing',
};

/** Waits (real time) until `check` passes: sends and clicks run from queues. */
async function until(check: () => void | Promise<void>, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}

describe.each(databases.eachSupportedId())(
  'incident cards end to end on %p',
  databaseId => {
    let emulator: RunningEmulator;
    let ctx: Awaited<ReturnType<typeof startBackendWithEmulator>>;

    beforeAll(async () => {
      ctx = await startBackendWithEmulator({
        knex: await databases.init(databaseId),
        // An intern joined payments but has no WeCom account yet.
        entities: withRelations([
          ...demoOrg().map(({ relations: _derived, ...entity }) => entity),
          user('intern', ['payments']),
        ]),
      });
      emulator = ctx.emulator;
      for (const [entityRef, wecomUserId] of Object.entries(PAYMENTS_MEMBERS)) {
        const linked = await request(ctx.server)
          .post('/api/wecom/linked-users/links')
          .set(auth)
          .send({ integrationId: 'demo', entityRef, wecomUserId });
        if (linked.status !== 200) {
          throw new Error(`Linking ${entityRef} failed: ${linked.text}`);
        }
      }
    });
    afterAll(async () => {
      await ctx?.stop();
    });

    const incident = (id: string) =>
      request(ctx.server).get(`/api/wecom/incidents/${id}`).set(auth);
    const transition = (id: string, body: object) =>
      request(ctx.server)
        .post(`/api/wecom/incidents/${id}/transitions`)
        .set(auth)
        .send(body);
    const deliveries = async (id: string): Promise<any[]> =>
      (
        await request(ctx.server)
          .get(`/api/wecom/incidents/${id}/deliveries`)
          .set(auth)
      ).body.items;
    const statusRow = (card: Record<string, unknown>) =>
      JSON.stringify(card.horizontal_content_list ?? []);

    it('sends, updates on a click, goes stale without a code and comes back with Refresh', async () => {
      const created = await request(ctx.server)
        .post('/api/wecom/incidents')
        .set(auth)
        .send({
          title: 'Payments API 5xx above 5%',
          severity: 'critical',
          entityRef: 'component:default/payments-api',
        });
      expect(created.status).toBe(201);
      const id: string = created.body.id;

      // One card, one message/send, to the four linked members.
      let taskId = '';
      await until(async () => {
        const items = await deliveries(id);
        const sent = items.filter((d: any) => d.status === 'sent');
        expect(sent.map((d: any) => d.wecomUserId).sort()).toEqual(
          Object.values(PAYMENTS_MEMBERS).sort(),
        );
        // Unlinked responders are reported, not dropped.
        expect(
          items.find((d: any) => d.entityRef === 'user:default/intern')?.status,
        ).toBe('unlinked');
        taskId = sent[0].taskId;
      });
      expect(emulator.callCount('message/send')).toBe(1);
      const card = emulator.card(taskId)!;
      expect([...card.recipients.keys()].sort()).toEqual(
        Object.values(PAYMENTS_MEMBERS).sort(),
      );

      // ZhangSan presses Start Processing in WeCom.
      const click = await emulator.clickCard({
        userid: 'ZhangSan',
        taskId,
        eventKey: cardActionKey(id, { kind: 'startProcessing' }),
      });
      await until(async () => {
        const res = await incident(id);
        expect(res.body.status).toBe('processing');
        expect(res.body.acknowledgedBy).toBe('user:default/zhangsan');
      });
      await until(() => {
        const updates = emulator
          .card(taskId)!
          .events.filter(e => e.type === 'update');
        expect(updates.map(u => u.responseCode)).toContain(click.responseCode);
      });
      expect(
        statusRow(emulator.card(taskId)!.recipients.get('LiSi')!.card),
      ).toContain('Processing');

      // Closed from Backstage: the send's code is still unspent and is used.
      expect((await transition(id, { action: 'close' })).status).toBe(200);
      await until(() => {
        expect(
          statusRow(emulator.card(taskId)!.recipients.get('LiSi')!.card),
        ).toContain('Closed');
      });

      // Reopened: no code is left, so the card is marked stale.
      expect((await transition(id, { action: 'reopen' })).status).toBe(200);
      await until(async () => {
        const items = await deliveries(id);
        expect(
          items
            .filter((d: any) => d.status === 'sent')
            .every((d: any) => d.stale),
        ).toBe(true);
      });
      const updatesBefore = emulator
        .card(taskId)!
        .events.filter(e => e.type === 'update').length;

      // Refresh earns one code, which brings the card current.
      const refresh = await emulator.clickCard({
        userid: 'LiSi',
        taskId,
        eventKey: cardActionKey(id, { kind: 'refresh' }),
      });
      await until(async () => {
        const items = await deliveries(id);
        expect(
          items
            .filter((d: any) => d.status === 'sent')
            .some((d: any) => d.stale),
        ).toBe(false);
      });
      const events = emulator.card(taskId)!.events;
      const updates = events.filter(e => e.type === 'update');
      expect(updates.length).toBe(updatesBefore + 1);
      expect(updates[updates.length - 1].responseCode).toBe(
        refresh.responseCode,
      );
      expect(
        statusRow(emulator.card(taskId)!.recipients.get('LiSi')!.card),
      ).toContain('Triggered');

      // Every update used a different code: none was spent twice.
      const codes = updates.map(u => u.responseCode);
      expect(new Set(codes).size).toBe(codes.length);

      // The timeline tells the story with who and when.
      const timeline = await request(ctx.server)
        .get(`/api/wecom/incidents/${id}/timeline`)
        .set(auth);
      const entries = timeline.body.items;
      expect(
        entries.some(
          (e: any) =>
            e.kind === 'transition' && e.actor === 'user:default/zhangsan',
        ),
      ).toBe(true);
    });
  },
);
