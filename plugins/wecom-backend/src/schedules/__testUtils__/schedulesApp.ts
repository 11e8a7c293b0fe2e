import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { catalogVisibility } from '../../catalog/catalogVisibility';
import { CatalogRefChecker } from '../CatalogRefChecker';
import { DatabaseScheduleStore } from '../DatabaseScheduleStore';
import { DisplacedOverrideNotifier } from '../displacedOverrideNotice';
import { SchedulePager, createSchedulesRouter } from '../router';
import { ScheduleService } from '../ScheduleService';

/** A demo org user's request headers. */
export const as = (name: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${name}`),
});

/** An override of `hours` starting `fromNow` hours from now. */
export const period = (fromNow: number, hours: number) => {
  const start = DateTime.utc().startOf('hour').plus({ hours: fromNow });
  return { start: start.toISO()!, end: start.plus({ hours }).toISO()! };
};

/** The SRE team's weekly schedule of jdoe and guest, named `name`. */
export const sreScheduleInput = (name = 'SRE primary') => ({
  name,
  ownerRef: 'group:default/sre',
  timeZone: 'Asia/Shanghai',
  layers: [
    {
      members: ['user:default/jdoe', 'user:default/guest'],
      handoffTime: '09:00',
      rotationDays: 7,
      startDate: '2026-11-30',
    },
  ],
});

/**
 * The schedules routes over a migrated database: everyone may read on-call
 * but `outsider`; `managers` may manage schedules too.
 */
export function startSchedulesApp(
  knex: Knex,
  options: {
    catalog: CatalogService;
    managers: string[];
    notices?: DisplacedOverrideNotifier;
    pagedBy?: Map<string, SchedulePager[]>;
  },
) {
  const managers = new Set(options.managers);
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) => {
      const user = (credentials.principal as { userEntityRef?: string })
        .userEntityRef;
      return requests.map(r => {
        const name = 'permission' in r ? r.permission.name : '';
        const allow =
          user !== 'user:default/outsider' &&
          (name === 'wecom.oncall.read' || managers.has(user ?? ''));
        return {
          result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      });
    },
  });
  const pagedBy = options.pagedBy;
  const schedules = new ScheduleService(
    new DatabaseScheduleStore(knex),
    new CatalogRefChecker(options.catalog),
    undefined,
    pagedBy &&
      (async scheduleId => (pagedBy.get(scheduleId) ?? []).map(p => p.id)),
    options.notices,
  );
  const auditor = mockServices.auditor.mock();
  const app = express();
  app.use(
    createSchedulesRouter({
      schedules,
      httpAuth: mockServices.httpAuth(),
      permissions,
      auditor,
      catalogVisibility: catalogVisibility(options.catalog),
      ...(pagedBy && {
        schedulePagedBy: async (scheduleId: string) =>
          pagedBy.get(scheduleId) ?? [],
      }),
    }),
  );
  app.use(mockErrorHandler());
  return { app, auditor };
}
