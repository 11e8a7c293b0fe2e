import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  WeComIncident,
  WeComTimelineEntry,
  WeComWarRoom,
} from 'backstage-plugin-wecom-common';
import { registerWeComActions } from '../registerWeComActions';

export const INCIDENT_ID = '3f1c9a52-7d4b-4e0a-9a61-2b8c0e4d7f10';
export const ME = 'user:default/zhangsan';

export const anIncident = (
  overrides: Partial<WeComIncident> = {},
): WeComIncident => ({
  id: INCIDENT_ID,
  title: 'Payments API 5xx above 5%',
  severity: 'critical',
  status: 'triggered',
  entityRef: 'component:default/payments-api',
  responders: [],
  source: 'alertmanager',
  labels: { alertname: 'HighErrorRate' },
  createdAt: '2026-11-27T10:02:00.000Z',
  updatedAt: '2026-11-27T10:02:00.000Z',
  ...overrides,
});

export const timelineOf = (count: number): WeComTimelineEntry[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `entry-${i + 1}`,
    incidentId: INCIDENT_ID,
    at: `2026-11-27T10:${String(i).padStart(2, '0')}:00.000Z`,
    kind: 'alert',
    message: `Alert fired (${i + 1})`,
  }));

export const aWarRoom = (
  overrides: Partial<WeComWarRoom> = {},
): WeComWarRoom => ({
  incidentId: INCIDENT_ID,
  integrationId: 'acme',
  chatId: 'wr0123456789abcdef0123456789abcd',
  name: '[CRITICAL] #3F1C9A52 Payments API 5xx above 5%',
  status: 'active',
  owner: { entityRef: ME, wecomUserId: 'ZhangSan' },
  members: [
    {
      entityRef: ME,
      wecomUserId: 'ZhangSan',
      role: 'requester',
      addedAt: '2026-11-27T10:05:00.000Z',
    },
    {
      entityRef: 'user:default/lisi',
      wecomUserId: 'LiSi',
      role: 'responder',
      addedAt: '2026-11-27T10:05:00.000Z',
    },
  ],
  unlinked: ['user:default/newhire'],
  entityRef: 'component:default/payments-api',
  pendingSteps: [],
  createdBy: ME,
  createdAt: '2026-11-27T10:05:00.000Z',
  updatedAt: '2026-11-27T10:05:00.000Z',
  ...overrides,
});

/**
 * The four actions registered against fakes: a permission decision for
 * every request, and jest functions for the services.
 */
export function createActionsTestBed(
  options: {
    decision?: AuthorizeResult;
    /** Permission names refused whatever `decision` says. */
    denied?: string[];
  } = {},
) {
  const actionsRegistry = actionsRegistryServiceMock();
  const permissions = mockServices.permissions.mock({
    authorize: jest.fn(async requests =>
      requests.map((r: { permission: { name: string } }) => ({
        result: options.denied?.includes(r.permission.name)
          ? AuthorizeResult.DENY
          : options.decision ?? AuthorizeResult.ALLOW,
      })),
    ) as any,
  });
  const auditor = mockServices.auditor.mock();
  const incidents = {
    get: jest.fn(async (_id: string) => anIncident()),
    timeline: jest.fn(async (_id: string) => timelineOf(3)),
    transition: jest.fn(),
  };
  const warRooms = {
    create: jest.fn(async () => ({ warRoom: aWarRoom(), created: true })),
    dismiss: jest.fn(async () => aWarRoom()),
  };
  registerWeComActions({
    actionsRegistry,
    permissions,
    auth: mockServices.auth(),
    auditor,
    incidents,
    warRooms,
  });

  /** Runs an action as the registry would (input and output validated). */
  const invoke = async (
    name: string,
    input: JsonObject,
    credentials: BackstageCredentials = mockCredentials.user(ME),
  ): Promise<any> =>
    (await actionsRegistry.invoke({ id: `test:${name}`, input, credentials }))
      .output;

  /** The permission names the actions asked about, in order. */
  const askedPermissions = () =>
    permissions.authorize.mock.calls.flatMap(([requests]) =>
      requests.map(r => r.permission.name),
    );

  /** The audit events' ids and meta, in order. */
  const auditEvents = () =>
    auditor.createEvent.mock.calls.map(([event]) => ({
      eventId: event.eventId,
      meta: event.meta,
    }));

  return {
    actionsRegistry,
    permissions,
    auditor,
    incidents,
    warRooms,
    invoke,
    askedPermissions,
    auditEvents,
  };
}
