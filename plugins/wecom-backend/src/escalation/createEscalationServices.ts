import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { CardDelivery } from '../incidentCards/contracts';
import { RecipientResolver } from '../recipients/types';
import { EscalationConfig, readEscalationConfig } from './config';
import { Escalation } from './Escalation';
import { EscalationPolicy } from './EscalationPolicy';
import { EscalationTimerStore } from './EscalationTimerStore';
import { EscalationPolicyStore } from './EscalationPolicyStore';
import { EscalationPolicyService } from './EscalationPolicyService';
import { CatalogEscalationPolicySource } from './CatalogEscalationPolicySource';
import {
  EscalationPolicySource,
  ScheduleOnCallSource,
} from '../oncall/contracts';

/** Escalation of triggered incidents, and `wecom.escalation` as read once. */
export interface EscalationServices {
  /** Started and stopped by the incident-card orchestrator. */
  escalation: Escalation;
  /** `wecom.escalation`, the default policy (the bot's on-call answer shows the levels too). */
  settings: EscalationConfig;
  /** The stored policies as `/escalation-policies` edits them. */
  policies: EscalationPolicyService;
  /** Which stored policy an entity uses (on-call answers use it too). */
  policySource: EscalationPolicySource;
}

/** The stored policies and which of them an entity uses. */
export interface StoredEscalationPolicies extends EscalationPolicySource {
  store: EscalationPolicyStore;
}

/**
 * Which stored policy an entity uses, built before the rest of escalation:
 * on-call (and through it the cards' recipients, which escalation builds
 * on) asks it too, so it cannot wait for escalation.
 */
export function createEscalationPolicySource(deps: {
  logger: LoggerService;
  knex: Knex;
  catalog: CatalogService;
  auth: AuthService;
  now?: () => DateTime;
}): StoredEscalationPolicies {
  const store = new EscalationPolicyStore(deps.knex, deps.now);
  const source = new CatalogEscalationPolicySource({
    catalog: deps.catalog,
    auth: deps.auth,
    store,
    logger: deps.logger.child({ area: 'notifications' }),
  });
  return {
    store,
    policyForEntity: entityRef => source.policyForEntity(entityRef),
  };
}

/**
 * Builds escalation over the cards' delivery and schedules its drain and
 * the pruning of old timers (scope global: they run on one replica at a
 * time; claims keep each timer firing once even so).
 */
export async function createEscalationServices(deps: {
  config: Config;
  logger: LoggerService;
  knex: Knex;
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  /** Who is on call in the schedules that policies name. */
  schedules: ScheduleOnCallSource;
  /** Built first by {@link createEscalationPolicySource}: on-call asks it too. */
  policySource: StoredEscalationPolicies;
  incidents: WeComIncidentProvider;
  resolver: RecipientResolver;
  /** Escalation levels re-send the incident's card through the outbox. */
  delivery: Pick<CardDelivery, 'notify'>;
  /** Counts levels that reached nobody; no metric without. */
  metrics?: MetricsService;
  /** Tests move time; everything else uses the wall clock. */
  now?: () => DateTime;
}): Promise<EscalationServices> {
  const { incidents, now } = deps;
  // The log area from before escalation had its own folder.
  const logger = deps.logger.child({ area: 'notifications' });
  const settings = readEscalationConfig(deps.config);
  const timers = new EscalationTimerStore(deps.knex, now);
  const { catalog, auth, schedules, policySource } = deps;
  const store = policySource.store;
  const escalation = new Escalation({
    store: timers,
    policy: new EscalationPolicy(settings),
    incidents,
    sending: { resolver: deps.resolver, delivery: deps.delivery, incidents },
    logger,
    policies: policySource,
    schedules,
    levelUnreachable: deps.metrics?.createCounter(
      'wecom.escalation.level_unreachable',
      {
        description:
          'Escalation levels whose people no WeCom card could reach (not linked, opted out, nobody on call): the run moved on to the next level at once',
        unit: '{level}',
      },
    ),
    now,
  });

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

  const policies = new EscalationPolicyService({
    store,
    catalog,
    auth,
    schedules,
  });
  return { escalation, settings, policies, policySource };
}
