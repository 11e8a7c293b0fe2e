import type { Entity } from '@backstage/catalog-model';
import type {
  WeComEscalationPolicy,
  WeComSchedule,
  WeComScheduleTimeline,
} from 'backstage-plugin-wecom-common';
import type { WeComOnCallApi } from '../api';

/** Every method a jest mock; tests resolve what they need. */
export function createMockOnCallApi(): jest.Mocked<WeComOnCallApi> {
  return {
    getOnCall: jest.fn(),
    listShifts: jest.fn(),
    listSchedules: jest.fn().mockResolvedValue([]),
    getSchedule: jest.fn(),
    createSchedule: jest.fn(),
    updateSchedule: jest.fn(),
    deleteSchedule: jest.fn(),
    getScheduleTimeline: jest.fn(),
    createScheduleOverride: jest.fn(),
    deleteScheduleOverride: jest.fn(),
    listEscalationPolicies: jest.fn().mockResolvedValue([]),
    getEscalationPolicy: jest.fn(),
    createEscalationPolicy: jest.fn(),
    updateEscalationPolicy: jest.fn(),
    deleteEscalationPolicy: jest.fn(),
    getAnalytics: jest.fn(),
  };
}

function user(name: string, displayName: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { profile: { displayName }, memberOf: ['sre'] },
  };
}

/** The catalog the pickers and the timeline's names come from. */
export const onCallCatalog: Entity[] = [
  user('zhangsan', 'Zhang San'),
  user('lisi', 'Li Si'),
  user('wangwu', 'Wang Wu'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'sre', namespace: 'default', title: 'SRE' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', namespace: 'default', title: 'Payments' },
    spec: { type: 'team', children: [] },
  },
];

/** Weekly, Zhang San then Li Si, handing off Mondays 09:00 in Shanghai. */
export const srePrimary: WeComSchedule = {
  id: 'sch-sre-primary',
  name: 'SRE primary',
  ownerRef: 'group:default/sre',
  timeZone: 'Asia/Shanghai',
  layers: [
    {
      members: ['user:default/zhangsan', 'user:default/lisi'],
      handoffTime: '09:00',
      rotationDays: 7,
      startDate: '2026-11-30',
    },
  ],
  overrides: [
    {
      id: 'ovr-1',
      userEntityRef: 'user:default/wangwu',
      start: '2026-12-08T09:00:00+08:00',
      end: '2026-12-09T09:00:00+08:00',
      createdBy: 'user:default/wangwu',
      createdAt: '2026-12-01T02:00:00Z',
    },
  ],
  createdAt: '2026-11-20T02:00:00Z',
  updatedAt: '2026-11-20T02:00:00Z',
};

/**
 * The timeline of {@link srePrimary} for the week from Mon 7 Dec 2026
 * 00:00 Shanghai: Zhang San's week (cut by Wang Wu's Tuesday override in
 * the final row), then Li Si from Mon 14 Dec 09:00.
 */
export const srePrimaryWeek: WeComScheduleTimeline = {
  scheduleId: srePrimary.id,
  from: '2026-12-06T16:00:00.000Z',
  to: '2026-12-13T16:00:00.000Z',
  layers: [
    [
      {
        userEntityRef: 'user:default/lisi',
        start: '2026-11-30T01:00:00Z',
        end: '2026-12-07T01:00:00Z',
        source: 0,
      },
      {
        userEntityRef: 'user:default/zhangsan',
        start: '2026-12-07T01:00:00Z',
        end: '2026-12-14T01:00:00Z',
        source: 0,
      },
    ],
  ],
  shifts: [
    {
      userEntityRef: 'user:default/lisi',
      start: '2026-11-30T01:00:00Z',
      end: '2026-12-07T01:00:00Z',
      source: 0,
    },
    {
      userEntityRef: 'user:default/zhangsan',
      start: '2026-12-07T01:00:00Z',
      end: '2026-12-08T01:00:00Z',
      source: 0,
    },
    {
      userEntityRef: 'user:default/wangwu',
      start: '2026-12-08T01:00:00Z',
      end: '2026-12-09T01:00:00Z',
      source: 'override',
      overrideId: 'ovr-1',
    },
    {
      userEntityRef: 'user:default/zhangsan',
      start: '2026-12-09T01:00:00Z',
      end: '2026-12-14T01:00:00Z',
      source: 0,
    },
  ],
};

/** SRE primary first, then the whole SRE group after 15 minutes, twice more. */
export const srePolicy: WeComEscalationPolicy = {
  id: 'sre-default',
  name: 'SRE default',
  ownerRef: 'group:default/sre',
  levels: [
    {
      targets: [{ kind: 'schedule', ref: srePrimary.id }],
      delayMinutes: 15,
    },
    {
      targets: [{ kind: 'group', ref: 'group:default/sre' }],
      delayMinutes: 30,
    },
  ],
  repeat: 2,
  version: 3,
  createdAt: '2026-11-20T02:00:00Z',
  updatedAt: '2026-11-25T02:00:00Z',
};
