import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { IntegrationService } from '../integrations/IntegrationService';
import { CatalogUserDirectory } from '../linking/CatalogUserDirectory';
import { LinkStore } from '../linking/LinkStore';
import { CardDelivery } from './contracts';
import { IncidentCardOrchestrator } from './IncidentCardOrchestrator';
import { CatalogRecipientResolver } from '../recipients/CatalogRecipientResolver';
import { CatalogResponderDirectory } from '../recipients/CatalogResponderDirectory';
import {
  EscalationConfig,
  readEscalationConfig,
  readNotificationIntegration,
} from '../escalation/config';
import { Escalation } from '../escalation/Escalation';
import { EscalationPolicy } from '../escalation/EscalationPolicy';
import { EscalationTimerStore } from '../escalation/EscalationTimerStore';
import { PreferencesStore } from '../recipients/PreferencesStore';

/** Who gets incident cards, and when again. */
export interface IncidentCardServices {
  /** Subscribed to the incident provider: sends, updates, escalates. */
  service: IncidentCardOrchestrator;
  resolver: CatalogRecipientResolver;
  escalation: Escalation;
  /** `wecom.escalation` and `wecom.notifications.integration`, read once. */
  settings: { escalation: EscalationConfig; integration?: string };
}

/**
 * Builds routing and escalation, subscribes the orchestrator
 * to the incident provider and schedules the escalation drain (scope
 * global: it runs on one replica at a time; claims keep it once even so).
 */
export async function createIncidentCardServices(deps: {
  config: Config;
  logger: LoggerService;
  knex: Knex;
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  integrations: IntegrationService;
  links: LinkStore;
  incidents: WeComIncidentProvider;
  delivery: CardDelivery;
  /** The users' own settings (also served by `/preferences/me`). */
  preferences: PreferencesStore;
  /** Tests move time; everything else uses the wall clock. */
  now?: () => DateTime;
}): Promise<IncidentCardServices> {
  const { knex, incidents, delivery, preferences, now } = deps;
  const logger = deps.logger.child({ area: 'notifications' });
  const resolver = new CatalogRecipientResolver({
    directory: new CatalogResponderDirectory(deps.catalog, deps.auth),
    links: deps.links,
    preferences,
  });
  const settings = {
    escalation: readEscalationConfig(deps.config),
    integration: readNotificationIntegration(deps.config),
  };
  const timers = new EscalationTimerStore(knex, now);
  const escalation = new Escalation({
    store: timers,
    policy: new EscalationPolicy(settings.escalation),
    incidents,
    sending: { resolver, delivery, incidents },
    logger,
    now,
  });
  const users = new CatalogUserDirectory(deps.catalog, deps.auth);
  const service = new IncidentCardOrchestrator({
    incidents,
    resolver,
    delivery,
    escalation,
    integrations: deps.integrations,
    configuredIntegration: settings.integration,
    actorName: async actor =>
      actor.startsWith('user:')
        ? (await users.get(actor))?.displayName
        : undefined,
    logger,
  });
  service.start();

  await deps.scheduler.scheduleTask({
    id: 'wecom-escalation',
    frequency: { seconds: 30 },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      await escalation.drain();
    },
  });
  await deps.scheduler.scheduleTask({
    id: 'wecom-escalation-prune',
    frequency: { hours: 6 },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      await timers.prune(DateTime.utc().minus({ days: 30 }));
    },
  });

  return { service, resolver, escalation, settings };
}
