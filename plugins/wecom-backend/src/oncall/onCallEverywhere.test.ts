import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { InMemoryIncidentProvider } from 'backstage-plugin-wecom-node/testUtils';
import { demoOrg } from '../__testUtils__/demoOrg';
import { incidentFixture } from '../__testUtils__/incidentFixtures';
import {
  FakeLinkStore,
  NOW,
  createCommandsTestBed,
} from '../aiSre/bot/commands/__testUtils__/commandsTestBed';
import { FakeCardDelivery } from '../incidentCards/__testUtils__/FakeCardDelivery';
import { startIncidentCardOrchestrator } from '../incidentCards/startIncidentCardOrchestrator';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComIntegration } from '../integrations/types';
import { CatalogRecipientResolver } from '../recipients/CatalogRecipientResolver';
import { CatalogResponderDirectory } from '../recipients/CatalogResponderDirectory';
import { WarRoomMembers } from '../warRooms/WarRoomMembers';
import { FakeScheduleSource } from './__testUtils__/fakeSchedules';
import { onCallResolverFor } from './__testUtils__/onCallTestBed';

// "Who is on call for payments-api now" has one answer everywhere: with
// wangwu (of platform, not of payments) on call in the payments team's
// schedule, the card, the bot and the War Room all name wangwu, not the
// payments members the owner fallback would name.

/** payments' schedule has wangwu on call around NOW (2026-11-26T10:00Z). */
function wangwuOnCall() {
  return new FakeScheduleSource().add({
    id: 'payments-primary',
    name: 'Payments primary',
    ownerRef: 'group:default/payments',
    turns: [
      {
        userEntityRef: 'user:default/wangwu',
        start: '2026-11-26T02:00:00Z',
        end: '2026-11-26T18:00:00Z',
      },
    ],
  });
}

function world() {
  const catalog = catalogServiceMock({ entities: demoOrg() });
  const auth = mockServices.auth();
  const links = new FakeLinkStore();
  for (const name of ['jdoe', 'zhangsan', 'lisi', 'wangwu', 'chenjing']) {
    links.add(`user:default/${name}`, name.toUpperCase());
  }
  const onCall = onCallResolverFor({
    catalog,
    auth,
    links,
    schedules: wangwuOnCall(),
    now: () => NOW,
  });
  const directory = new CatalogResponderDirectory(catalog, auth);
  return { catalog, auth, links, onCall, directory };
}

describe('who is on call, everywhere', () => {
  it("sends a new incident's card without responders to the person on call, explicit responders as they are", async () => {
    const { catalog, auth, links, onCall, directory } = world();
    const incidents = new InMemoryIncidentProvider({
      now: () => NOW.toJSDate(),
    });
    const delivery = new FakeCardDelivery();
    startIncidentCardOrchestrator({
      logger: mockServices.logger.mock(),
      catalog,
      auth,
      integrations: {
        list: async () => [
          { id: 'acme', warRoom: { enabled: true } } as WeComIntegration,
        ],
      } as IntegrationService,
      incidents,
      resolver: new CatalogRecipientResolver({
        directory,
        onCall,
        links,
        preferences: { optedOut: async () => new Set() },
      }),
      delivery,
      escalation: { start: async () => {}, stop: async () => {} },
    });

    const byOnCall = await incidents.createIncident({
      title: 'Payments API 5xx',
      severity: 'critical',
      entityRef: 'component:default/payments-api',
    });
    const explicit = await incidents.createIncident({
      title: 'Payments API slow',
      severity: 'high',
      entityRef: 'component:default/payments-api',
      responders: ['user:default/jdoe'],
    });

    expect(delivery.sends(byOnCall.id)).toEqual([[0, ['user:default/wangwu']]]);
    expect(delivery.sends(explicit.id)).toEqual([[0, ['user:default/jdoe']]]);
    const timeline = await incidents.listTimeline(byOnCall.id);
    expect(timeline.map(entry => entry.message).join('\n')).toContain(
      'on call in "Payments primary" for component:default/payments-api',
    );
  });

  it('answers the bot with the person on call', async () => {
    const bed = createCommandsTestBed({ schedules: wangwuOnCall() });

    const answer = (await bed.say('oncall payments-api'))!;

    expect(answer).toContain(
      '- wangwu — WeCom `WANGWU` — until 2026-11-26 18:00 UTC 至 — schedule "Payments primary" 排班',
    );
    expect(answer).not.toContain('- zhangsan — WeCom `ZHANGSAN` — owner');
  });

  it('puts the person on call in the War Room as the responder', async () => {
    const { links, onCall, directory } = world();
    const members = new WarRoomMembers({ directory, onCall, links });

    const resolved = await members.resolve({
      incident: incidentFixture({
        entityRef: 'component:default/payments-api',
      }),
      integrationId: 'acme',
      requester: 'user:default/jdoe',
    });

    expect(resolved.linked).toEqual([
      {
        entityRef: 'user:default/jdoe',
        wecomUserId: 'JDOE',
        role: 'requester',
      },
      {
        entityRef: 'user:default/wangwu',
        wecomUserId: 'WANGWU',
        role: 'responder',
      },
    ]);
  });

  it('falls back to the owners everywhere when nobody has a schedule', async () => {
    const { links, directory, catalog, auth } = world();
    const onCall = onCallResolverFor({ catalog, auth, links });
    const members = new WarRoomMembers({ directory, onCall, links });

    const resolved = await members.resolve({
      incident: incidentFixture({
        entityRef: 'component:default/payments-api',
      }),
      integrationId: 'acme',
    });

    expect(resolved.linked.map(m => m.entityRef).sort()).toEqual([
      'user:default/chenjing',
      'user:default/jdoe',
      'user:default/lisi',
      'user:default/zhangsan',
    ]);
  });
});
