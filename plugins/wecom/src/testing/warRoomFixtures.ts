import type { WeComWarRoom } from 'backstage-plugin-wecom-common';
import { paymentsIncident } from './incidentFixtures';

/**
 * The payments incident's War Room: Zhang San asked for it, the payments
 * team is in it, and Li Si is a responder without a WeCom link.
 */
export const paymentsWarRoom: WeComWarRoom = {
  incidentId: paymentsIncident.id,
  integrationId: 'acme',
  chatId: 'wr0123456789abcdef0123456789abcd',
  name: '[CRITICAL] #6F1C2D3E Payments API error rate above 5%',
  status: 'active',
  owner: { entityRef: 'user:default/zhangsan', wecomUserId: 'ZhangSan' },
  members: [
    {
      entityRef: 'user:default/zhangsan',
      wecomUserId: 'ZhangSan',
      role: 'requester',
      addedAt: '2026-11-26T09:10:00.000Z',
    },
    {
      entityRef: 'user:platform/wangwu',
      wecomUserId: 'wangwu',
      role: 'responder',
      addedAt: '2026-11-26T09:10:00.000Z',
    },
  ],
  unlinked: ['user:default/lisi'],
  entityRef: paymentsIncident.entityRef,
  pendingSteps: [],
  createdBy: 'user:default/zhangsan',
  createdAt: '2026-11-26T09:10:00.000Z',
  updatedAt: '2026-11-26T09:10:00.000Z',
};

/** The payments War Room after someone dismissed it. */
export const dismissedPaymentsWarRoom: WeComWarRoom = {
  ...paymentsWarRoom,
  status: 'dismissed',
  dismissedBy: 'user:platform/wangwu',
  dismissedAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T10:00:00.000Z',
};

/** The group exists, but WeCom refused the summary post. */
export const unfinishedPaymentsWarRoom: WeComWarRoom = {
  ...paymentsWarRoom,
  status: 'creating',
  pendingSteps: ['postSummary', 'postAnalysis'],
  lastError:
    'Posting the summary failed: WeCom answered 45009 (over the API rate limit)',
};

/** The dismissed War Room of an earlier payments-api incident, for lists. */
export const earlierPaymentsWarRoom: WeComWarRoom = {
  ...paymentsWarRoom,
  incidentId: '6f1c2d3e-0000-4000-8000-000000000003',
  chatId: 'wrfedcba9876543210fedcba98765432',
  name: '[HIGH] #6F1C2D3E Payments API latency',
  members: paymentsWarRoom.members.slice(0, 1),
  status: 'dismissed',
  createdAt: '2026-11-20T07:45:00.000Z',
  updatedAt: '2026-11-20T08:30:00.000Z',
  dismissedBy: 'user:default/zhangsan',
  dismissedAt: '2026-11-20T08:30:00.000Z',
};
