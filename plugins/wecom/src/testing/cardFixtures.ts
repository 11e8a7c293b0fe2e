import type {
  WeComOnCallAnswer,
  WeComPersonShift,
} from 'backstage-plugin-wecom-common';

export { createMockOnCallApi } from './onCallFixtures';

/** payments-api's schedule: Zhang San on call now, Li Si (not linked) next. */
export const paymentsOnCall: WeComOnCallAnswer = {
  entityRef: 'component:default/payments-api',
  now: [
    {
      userEntityRef: 'user:default/zhangsan',
      wecomUserId: 'ZhangSan',
      until: '2026-12-08T01:00:00.000Z',
      via: 'schedule',
      scheduleId: 'payments-primary',
      scheduleName: 'Payments primary',
    },
  ],
  next: [
    {
      userEntityRef: 'user:default/lisi',
      wecomUserId: null,
      reachable: false,
      unreachableReason: 'notLinked',
      until: '2026-12-15T01:00:00.000Z',
      via: 'schedule',
      scheduleId: 'payments-primary',
      scheduleName: 'Payments primary',
    },
  ],
};

/** Zhang San's next two shifts. */
export const zhangsanShifts: WeComPersonShift[] = [
  {
    scheduleId: 'payments-primary',
    scheduleName: 'Payments primary',
    ownerRef: 'group:default/payments-team',
    start: '2026-12-14T01:00:00.000Z',
    end: '2026-12-21T01:00:00.000Z',
  },
  {
    scheduleId: 'search-secondary',
    scheduleName: 'Search secondary',
    ownerRef: 'group:default/search-team',
    start: '2026-12-22T01:00:00.000Z',
    end: '2026-12-23T01:00:00.000Z',
  },
];
