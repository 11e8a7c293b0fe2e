import { WeComIncident } from 'backstage-plugin-wecom-common';
import { DeliveredMessage } from 'wecom-emulator';
import { createTestDatabases } from '../../../__testUtils__/databases';
import { Recipient } from '../../../recipients/types';
import {
  DeliveryHarness,
  startDeliveryHarness,
} from '../__testUtils__/emulatorHarness';
import { OutboxStore } from '../OutboxStore';
import { DEFAULT_STORM_POLICY } from './stormPolicy';

jest.setTimeout(400_000);

const databases = createTestDatabases();

const lead: Recipient = {
  entityRef: 'user:default/zhangsan',
  wecomUserId: 'ZhangSan',
};
const teams: Recipient[] = [
  { entityRef: 'user:default/lisi', wecomUserId: 'LiSi' },
  { entityRef: 'user:default/wangwu', wecomUserId: 'WangWu' },
  { entityRef: 'user:default/zhaoliu', wecomUserId: 'ZhaoLiu' },
];
const members = [lead, ...teams];

const ALERTS = 500;
const SERVICES = 40;
const CAUSES = ['HighLatency', 'ErrorRate'];

/** Service i's on-call: the lead, who holds everything, and one team member. */
function recipientsOf(service: number): Recipient[] {
  return [lead, teams[service % teams.length]];
}

/** "You hold 37 new incidents" → 37. */
function digestCount(message: DeliveredMessage): number {
  const content = (message.content as { content: string }).content;
  return Number(/You hold (\d+) new incident/.exec(content)![1]);
}

/** The most messages a member got within any 60 s (the emulator's clock). */
function busiestMinute(messages: DeliveredMessage[]): number {
  const times = messages.map(m => Date.parse(m.sentAt)).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j] - times[i] >= 60_000) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

/**
 * A deploy fires 500 alerts across 40 services within a minute; WeCom (the
 * emulator, enforcing its real 30-a-minute and 1,000-an-hour per-member
 * limits and dropping the excess silently, page 90454) must drop nothing,
 * and every incident must reach every one of its people, in a card of its
 * own or counted in a digest they receive. No limiter in the client: the
 * storm policy alone keeps the members under WeCom's limits.
 */
describe.each(databases.eachSupportedId())(
  'an alert storm on %p',
  databaseId => {
    let h: DeliveryHarness;
    const incidents: Array<{ incident: WeComIncident; service: number }> = [];

    beforeAll(async () => {
      h = await startDeliveryHarness(await databases.init(databaseId), {
        emulatorRateLimits: { perUserPerMinute: 30, perUserPerHour: 1_000 },
        storm: DEFAULT_STORM_POLICY,
      });
      const notifyOne = async (alert: number) => {
        const service = alert % SERVICES;
        const incident = await h.provider.createIncident({
          title: `svc-${service} is unhappy`,
          severity: 'high',
          entityRef: `component:default/svc-${service}`,
          labels: { alertname: CAUSES[alert % CAUSES.length] },
        });
        incidents.push({ incident, service });
        await h.cardDelivery.notify({
          incident,
          integrationId: 'demo',
          recipients: {
            recipients: recipientsOf(service),
            unlinked: [],
            optedOut: [],
          },
          level: 0,
        });
      };
      // 25 notifications at a time, as many alert requests would arrive.
      for (let start = 0; start < ALERTS; start += 25) {
        await Promise.all(
          Array.from({ length: 25 }, (_, i) => notifyOne(start + i)),
        );
      }
      await h.worker.kick();
      // The digests go out once due: let the emulator's (and our) clock run.
      for (let minute = 0; minute < 10; minute++) {
        h.emulator.advanceClock(
          DEFAULT_STORM_POLICY.digestInterval.as('seconds'),
        );
        await h.worker.kick();
      }
    });
    afterAll(async () => {
      await h?.close();
    });

    it('loses nothing: WeCom dropped no message, and every incident reached each of its people', async () => {
      for (const member of members) {
        expect(h.emulator.droppedMessagesTo(member.wecomUserId)).toEqual([]);
        const expected = incidents.filter(({ service }) =>
          recipientsOf(service).includes(member),
        ).length;
        const messages = h.emulator.messagesTo(member.wecomUserId);
        const cards = messages.filter(m => m.msgtype === 'template_card');
        const digests = messages.filter(m => m.msgtype === 'markdown');
        const counted = digests.reduce((sum, m) => sum + digestCount(m), 0);
        expect(cards.length + counted).toBe(expected);
      }
      for (const { incident } of incidents) {
        const deliveries = await h.cardDelivery.listDeliveries(incident.id);
        expect(deliveries.map(d => d.status)).toEqual(['sent', 'sent']);
      }
    });

    it('keeps each person to a few messages, well under WeCom’s limits', async () => {
      for (const member of members) {
        const messages = h.emulator.messagesTo(member.wecomUserId);
        expect(busiestMinute(messages)).toBeLessThanOrEqual(
          DEFAULT_STORM_POLICY.cardsPerMinute + 2,
        );
        // Ten cards of their own, then a digest or two.
        expect(messages.length).toBeLessThanOrEqual(
          DEFAULT_STORM_POLICY.cardsPerMinute + 3,
        );
      }
      const outbox = await h
        .knex('wecom_card_outbox')
        .whereNot('status', 'sent');
      expect(outbox).toEqual([]);
    });

    it('shows on the incident page which digest an incident went into, and what it was counted with', async () => {
      const last = incidents[incidents.length - 1].incident;
      const deliveries = await h.cardDelivery.listDeliveries(last.id);
      const leads = deliveries.find(d => d.wecomUserId === 'ZhangSan')!;
      expect(leads.digest).toMatchObject({
        taskId: leads.taskId,
        groupLabel: `${last.entityRef!.split('/')[1]} (${
          last.labels!.alertname
        })`,
      });
      expect(leads.digest!.incidents).toBeGreaterThan(1);
      expect(leads.digest!.groupIncidents).toBeGreaterThanOrEqual(1);
      expect(leads.digest!.sentAt).toBeDefined();
      const sent = h.emulator
        .messagesTo('ZhangSan')
        .filter(m => m.msgtype === 'markdown')
        .map(digestCount);
      expect(sent).toContain(leads.digest!.incidents);
      const body = (await new OutboxStore(h.knex).get(leads.taskId!))!.body;
      const content: string = JSON.parse(body).markdown.content;
      expect(content).toMatch(/svc-\d+ \((HighLatency|ErrorRate)\)/);
      // Tapped in WeCom, the link signs the linked member in on the way,
      // like each card's detail link: never a sign-in page.
      expect(content).toContain(
        '[Open the incidents](https://backstage.example.com/api/wecom/integrations/demo/workspace?redirect=%2Fwecom%2Fincidents)',
      );

      // Incidents of one service and cause are counted together.
      const first = incidents[20].incident;
      const [firstDigest] = (await h.cardDelivery.listDeliveries(first.id))
        .filter(d => d.wecomUserId === 'ZhangSan')
        .map(d => d.digest);
      expect(firstDigest!.groupIncidents).toBeGreaterThan(1);
    });

    it('sends a quiet member’s card at once: no wait outside a storm', async () => {
      const quiet: Recipient = {
        entityRef: 'user:default/zhangsan-quiet',
        wecomUserId: 'WangWu',
      };
      const before = h.emulator.messagesTo('WangWu').length;
      h.emulator.advanceClock(3_600);
      const incident = await h.provider.createIncident({
        title: 'one quiet alert',
        severity: 'high',
      });
      await h.cardDelivery.notify({
        incident,
        integrationId: 'demo',
        recipients: { recipients: [quiet], unlinked: [], optedOut: [] },
        level: 0,
      });
      await h.worker.kick();
      const messages = h.emulator.messagesTo('WangWu');
      expect(messages).toHaveLength(before + 1);
      expect(messages[before].msgtype).toBe('template_card');
    });
  },
);
