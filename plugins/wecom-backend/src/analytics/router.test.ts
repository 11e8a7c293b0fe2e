import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { WeComAnalytics } from 'backstage-plugin-wecom-common';
import express from 'express';
import request from 'supertest';
import { AnalyticsQuery } from './analyticsQuery';
import { AnalyticsService } from './AnalyticsService';
import { createAnalyticsRouter } from './router';

const auth = { Authorization: mockCredentials.user.header() };

describe('GET /analytics', () => {
  const asked: AnalyticsQuery[] = [];
  const analytics = {
    analytics: async (query: AnalyticsQuery) => {
      asked.push(query);
      return { groupBy: query.groupBy } as WeComAnalytics;
    },
  } as unknown as AnalyticsService;
  const checked: string[] = [];

  const appWith = (allowed: boolean) => {
    const app = express();
    app.use(
      createAnalyticsRouter({
        analytics,
        httpAuth: mockServices.httpAuth(),
        permissions: mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => {
              checked.push(r.permission.name);
              return {
                result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
              };
            }),
        }),
      }),
    );
    app.use(mockErrorHandler());
    return app;
  };

  beforeEach(() => {
    asked.length = 0;
    checked.length = 0;
  });

  it('needs the permission that reads incidents', async () => {
    const res = await request(appWith(false))
      .get('/analytics?groupBy=team')
      .set(auth);
    expect(res.status).toBe(403);
    expect(checked).toEqual(['wecom.incident.read']);
    expect(asked).toEqual([]);
  });

  it('defaults to the last 30 days in UTC', async () => {
    const res = await request(appWith(true))
      .get('/analytics?groupBy=service&key=payments-api')
      .set(auth);
    expect(res.status).toBe(200);
    const [query] = asked;
    expect(query.key).toBe('component:default/payments-api');
    expect(query.timeZone).toBe('UTC');
    expect(query.to.diff(query.from, 'days').days).toBe(30);
  });

  it.each([
    ['groupBy=people', /groupBy/],
    ['', /groupBy/],
    ['groupBy=team&from=2026-11-08&to=2026-11-01', /from must be before to/],
    ['groupBy=team&from=2026-11-01&to=2026-11-01', /from must be before to/],
    ['groupBy=team&from=2025-01-01&to=2026-01-03', /at most 366 days/],
    ['groupBy=team&from=yesterday', /from "yesterday" is not an ISO 8601/],
    [
      'groupBy=team&tz=Mars/Olympus',
      /tz "Mars\/Olympus" is not an IANA time zone/,
    ],
    ['groupBy=team&key=group:', /key "group:" is not an entity ref/],
  ])('refuses %p with a reason', async (query, reason) => {
    const res = await request(appWith(true))
      .get(`/analytics?${query}`)
      .set(auth);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(reason);
    expect(asked).toEqual([]);
  });

  it('accepts a whole leap year', async () => {
    const res = await request(appWith(true))
      .get(
        '/analytics?groupBy=team&from=2028-01-01&to=2029-01-01&tz=Asia/Shanghai',
      )
      .set(auth);
    expect(res.status).toBe(200);
  });
});
