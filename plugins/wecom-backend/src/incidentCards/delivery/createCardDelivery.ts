import {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  WeComAppEventHandler,
  WeComIncidentProvider,
} from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { randomUUID } from 'node:crypto';
import { LinkedUserAccess } from '../../access/LinkedUserAccess';
import { CardRenderer } from '../contracts';
import { createCardClickHandler } from './cardClickHandler';
import { CardSynchronizer } from './CardSynchronizer';
import { Clock, DeliveryTargets } from './deliveryDeps';
import { OutboxCardDelivery } from './OutboxCardDelivery';
import { OutboxWorker } from './OutboxWorker';
import { StormPolicy } from './storm/stormPolicy';

/** The delivery area, built once: the service, its click handler and worker. */
export interface CardDeliveryParts {
  cardDelivery: OutboxCardDelivery;
  clickHandler: WeComAppEventHandler;
  worker: OutboxWorker;
}

/**
 * Builds the delivery area. With a scheduler, every replica drains the
 * outbox every few seconds (scope local: the claims decide who sends a
 * row), which also picks up retries and claims left by a crashed replica.
 */
export async function createCardDelivery(deps: {
  knex: Knex;
  provider: WeComIncidentProvider;
  renderer: CardRenderer;
  targets: DeliveryTargets;
  /** Card clicks act as the clicker's linked user, if the policy lets them. */
  access: LinkedUserAccess;
  logger: LoggerService;
  scheduler?: SchedulerService;
  now?: Clock;
  workerId?: string;
  /** `wecom.notifications.outbox.claimTimeoutSeconds` (default 2 minutes). */
  claimTimeout?: Duration;
  /** Audits the incident changes card clicks make. */
  auditor?: AuditorService;
  /** `wecom.notifications.storm`: when members get digests instead of cards. */
  storm?: StormPolicy;
  /** The incident list as a digest sent through an integration links it. */
  incidentsUrl?: (integrationId: string) => string;
}): Promise<CardDeliveryParts> {
  const now = deps.now ?? (() => DateTime.utc());
  const workerId = deps.workerId ?? `wecom-cards-${randomUUID()}`;
  const logger = deps.logger.child({ area: 'card-delivery' });
  const base = { ...deps, logger, now, workerId };
  const synchronizer = new CardSynchronizer(base);
  const worker = new OutboxWorker({ ...base, synchronizer });
  const cardDelivery = new OutboxCardDelivery({
    ...base,
    synchronizer,
    kick: () => void worker.kick(),
  });
  const clickHandler = createCardClickHandler({
    ...base,
    synchronizer,
    delivery: cardDelivery,
  });
  if (deps.scheduler) {
    await deps.scheduler.scheduleTask({
      id: 'wecom-card-outbox',
      frequency: { seconds: 5 },
      timeout: { minutes: 5 },
      scope: 'local',
      fn: () => worker.kick(),
    });
  }
  return { cardDelivery, clickHandler, worker };
}
