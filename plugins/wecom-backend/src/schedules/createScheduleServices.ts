import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { ScheduleOnCallSource } from '../oncall/contracts';
import { CatalogRefChecker } from './CatalogRefChecker';
import { DatabaseScheduleStore } from './DatabaseScheduleStore';
import { DisplacedOverrideNotifier } from './displacedOverrideNotice';
import { ScheduleService } from './ScheduleService';
import { StoredScheduleOnCallSource } from './StoredScheduleOnCallSource';

/** On-call schedules: what the routes use, and what the other areas ask. */
export interface ScheduleServices {
  /** The schedules API's service (`/schedules`). */
  schedules: ScheduleService;
  /** Who is on call in a schedule, for on-call, escalation and the cards. */
  scheduleOnCall: ScheduleOnCallSource;
}

/** Builds the schedules area on the plugin's database (already migrated). */
export function createScheduleServices(deps: {
  knex: Knex;
  catalog: CatalogService;
  /** Which escalation policies page a schedule: deleting it is refused then. */
  namedBy?: (scheduleId: string) => Promise<string[]>;
  /** Tells people whose override a manager covers; nobody without. */
  notices?: DisplacedOverrideNotifier;
}): ScheduleServices {
  const store = new DatabaseScheduleStore(deps.knex);
  return {
    schedules: new ScheduleService(
      store,
      new CatalogRefChecker(deps.catalog),
      undefined,
      deps.namedBy,
      deps.notices,
    ),
    scheduleOnCall: new StoredScheduleOnCallSource(store),
  };
}
