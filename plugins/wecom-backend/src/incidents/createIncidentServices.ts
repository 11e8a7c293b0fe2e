import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { AlertGroupStore } from './alertmanager/AlertGroupStore';
import { AlertmanagerReceiver } from './alertmanager/AlertmanagerReceiver';
import { DatabaseIncidentProvider } from './DatabaseIncidentProvider';
import { IncidentService } from './IncidentService';
import { SnoozeWakeUp } from './SnoozeWakeUp';

/** The incidents area, built once at start-up. */
export interface IncidentServices {
  incidents: IncidentService;
  /** The provider in use: a module's, or the database provider. */
  incidentProvider: WeComIncidentProvider;
  alertmanager: AlertmanagerReceiver;
}

/**
 * Uses the provider a module set through `wecomIncidentsExtensionPoint`,
 * else the database provider, whose snoozes this replica set wakes up.
 */
export async function createIncidentServices(deps: {
  knex: Knex;
  logger: LoggerService;
  scheduler: SchedulerService;
  provider?: WeComIncidentProvider;
}): Promise<IncidentServices> {
  const logger = deps.logger.child({ area: 'incidents' });
  let provider = deps.provider;
  if (provider) {
    logger.info('Incidents come from the provider a module installed');
  } else {
    const database = new DatabaseIncidentProvider({ knex: deps.knex, logger });
    await new SnoozeWakeUp(database, logger).start(deps.scheduler);
    provider = database;
  }
  const incidents = new IncidentService(provider);
  return {
    incidents,
    incidentProvider: provider,
    alertmanager: new AlertmanagerReceiver(
      incidents,
      new AlertGroupStore(deps.knex),
    ),
  };
}
