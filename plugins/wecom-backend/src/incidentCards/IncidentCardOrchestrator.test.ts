import { mockServices } from '@backstage/backend-test-utils';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import { InMemoryIncidentProvider } from 'backstage-plugin-wecom-node/testUtils';
import { WeComIntegration } from '../integrations/types';
import { IncidentCardOrchestrator } from './IncidentCardOrchestrator';
import { FakeCardDelivery } from './__testUtils__/FakeCardDelivery';
import { ResolvedRecipients } from '../recipients/CatalogRecipientResolver';
import { RecipientResolver } from '../recipients/types';

const integration = (id: string, warRoom = false) =>
  ({ id, warRoom: { enabled: warRoom } } as WeComIntegration);

/** The payments team: two linked, newhire unlinked, lisi opted out. */
const paymentsTeam: RecipientResolver = {
  resolve: async (): Promise<ResolvedRecipients> => ({
    recipients: [
      { entityRef: 'user:default/jdoe', wecomUserId: 'jdoe' },
      { entityRef: 'user:default/zhangsan', wecomUserId: 'zhangsan' },
    ],
    unlinked: ['user:default/newhire'],
    optedOut: ['user:default/lisi'],
    basis: 'owner group:default/payments of component:default/payments-api',
    notes: [],
  }),
};

function setup(
  options: {
    integrations?: WeComIntegration[];
    configuredIntegration?: string;
    resolver?: RecipientResolver;
  } = {},
) {
  const incidents = new InMemoryIncidentProvider();
  const delivery = new FakeCardDelivery();
  const escalation = { start: jest.fn(), stop: jest.fn() };
  const logger = mockServices.logger.mock();
  const service = new IncidentCardOrchestrator({
    incidents,
    resolver: options.resolver ?? paymentsTeam,
    delivery,
    escalation,
    integrations: {
      list: async () => options.integrations ?? [integration('acme')],
    },
    configuredIntegration: options.configuredIntegration,
    actorName: async actor =>
      actor === 'user:default/jdoe' ? 'John Doe' : undefined,
    logger,
  });
  const stop = service.start();
  const create = () =>
    incidents.createIncident({
      title: 'Payments failing',
      severity: 'critical',
      entityRef: 'component:default/payments-api',
    });
  return { incidents, delivery, escalation, logger, stop, create };
}

describe('IncidentCardOrchestrator', () => {
  it('notifies level 0 on create, starts escalation and says who was reached', async () => {
    const { incidents, delivery, escalation, create } = setup();
    const incident = await create();

    expect(delivery.notified).toEqual([
      {
        incident: expect.objectContaining({ id: incident.id }),
        integrationId: 'acme',
        level: 0,
        recipients: expect.objectContaining({
          unlinked: ['user:default/newhire'],
          optedOut: ['user:default/lisi'],
        }),
      },
    ]);
    expect(escalation.start).toHaveBeenCalledWith(
      expect.objectContaining({ id: incident.id }),
      'acme',
    );
    const [entry] = incidents.entries(incident.id, 'notification');
    expect(entry.kind).toBe('notification');
    expect(entry.message).toBe(
      'Notified owner group:default/payments of component:default/payments-api through integration acme: ' +
        'card queued for 2: user:default/jdoe, user:default/zhangsan; ' +
        'not linked to WeCom: user:default/newhire; ' +
        'turned WeCom notifications off: user:default/lisi',
    );
    expect(entry.data).toMatchObject({
      integrationId: 'acme',
      level: 0,
      recipients: ['user:default/jdoe', 'user:default/zhangsan'],
    });
  });

  it('updates the cards on every transition, naming who changed it', async () => {
    const { incidents, delivery, escalation, create } = setup();
    const incident = await create();
    await incidents.transition(
      incident.id,
      { action: 'startProcessing' },
      'user:default/jdoe',
    );
    await incidents.transition(
      incident.id,
      { action: 'close' },
      'alertmanager',
    );
    await incidents.transition(incident.id, { action: 'reopen' });

    expect(
      delivery.statusChanges.map(c => [c.incident.status, c.changedBy]),
    ).toEqual([
      ['processing', 'John Doe'],
      ['closed', 'alertmanager'],
      ['triggered', undefined],
    ]);
    expect(escalation.stop).toHaveBeenCalledTimes(2);
    // Created, then reopened: escalation starts over from level 0.
    expect(escalation.start).toHaveBeenCalledTimes(2);
  });

  it('stops listening when asked', async () => {
    const { delivery, stop, create } = setup();
    stop();
    await create();
    expect(delivery.notified).toEqual([]);
  });

  it('puts "no cards" on the timeline when no integration can send', async () => {
    const none = setup({ integrations: [] });
    const incident = await none.create();
    expect(none.delivery.notified).toEqual([]);
    expect(none.escalation.start).not.toHaveBeenCalled();
    expect(
      none.incidents.entries(incident.id, 'notification')[0],
    ).toMatchObject({
      kind: 'notification',
      message: 'No WeCom cards sent: no WeCom integration is set up',
    });

    const several = setup({
      integrations: [integration('a'), integration('b')],
    });
    const other = await several.create();
    expect(
      several.incidents.entries(other.id, 'notification')[0].message,
    ).toMatch(
      /several WeCom integrations exist \(a, b\).*wecom\.notifications\.integration/,
    );
  });

  it('sends through the configured integration, else the War Room one', async () => {
    const configured = setup({
      integrations: [integration('a', true), integration('b')],
      configuredIntegration: 'b',
    });
    await configured.create();
    expect(configured.delivery.notified[0].integrationId).toBe('b');

    const warRoom = setup({
      integrations: [integration('a'), integration('b', true)],
    });
    await warRoom.create();
    expect(warRoom.delivery.notified[0].integrationId).toBe('b');

    const unknown = setup({ configuredIntegration: 'nope' });
    const incident = await unknown.create();
    expect(unknown.delivery.notified).toEqual([]);
    expect(
      unknown.incidents.entries(incident.id, 'notification')[0].message,
    ).toBe(
      'No WeCom cards sent: wecom.notifications.integration names "nope", which is not a WeCom integration',
    );
  });

  it('records a failed send on the timeline and still escalates', async () => {
    const failing = setup({
      resolver: {
        resolve: async () => {
          throw new Error('catalog unavailable');
        },
      },
    });
    const incident: WeComIncident = await failing.create();
    expect(failing.delivery.notified).toEqual([]);
    expect(
      failing.incidents.entries(incident.id, 'notification')[0],
    ).toMatchObject({
      kind: 'notification',
      message: 'Could not send the cards: catalog unavailable',
    });
    expect(failing.escalation.start).toHaveBeenCalled();
    expect(failing.logger.error).toHaveBeenCalled();
  });

  it('pages new responders once when the responders change, and nobody already paged', async () => {
    // Each explicit responder is a linked user; without any, the payments team.
    const byResponders: RecipientResolver = {
      resolve: async (incident, integrationId, targets) =>
        incident.responders.length === 0
          ? paymentsTeam.resolve(incident, integrationId, targets)
          : {
              recipients: incident.responders.map(ref => ({
                entityRef: ref,
                wecomUserId: ref.split('/')[1],
              })),
              unlinked: [],
              optedOut: [],
            },
    };
    const { incidents, delivery, create } = setup({ resolver: byResponders });
    const incident = await create();

    await incidents.updateIncident(
      incident.id,
      { responders: ['user:default/jdoe', 'user:default/wangwu'] },
      'user:default/jdoe',
    );
    // jdoe already has the card; only wangwu is new.
    expect(delivery.sends(incident.id)).toEqual([
      [0, ['user:default/jdoe', 'user:default/zhangsan']],
      [0, ['user:default/wangwu']],
    ]);
    expect(incidents.entries(incident.id, 'notification')[1].message).toMatch(
      /^Notified the new responders/,
    );

    // Nobody new: no card and nothing on the timeline.
    await incidents.updateIncident(incident.id, {
      responders: ['user:default/wangwu'],
    });
    expect(delivery.sends(incident.id)).toHaveLength(2);
    expect(incidents.entries(incident.id, 'notification')).toHaveLength(2);

    // A closed incident pages nobody.
    await incidents.transition(incident.id, { action: 'close' });
    await incidents.updateIncident(incident.id, {
      responders: ['user:default/chenjing'],
    });
    expect(delivery.sends(incident.id)).toHaveLength(2);
  });
});
