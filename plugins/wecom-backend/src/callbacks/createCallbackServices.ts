import {
  CacheService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { IntegrationIndex } from '../integrations/IntegrationIndex';
import { IntegrationService } from '../integrations/IntegrationService';
import { IntegrationStateStore } from '../integrations/IntegrationStateStore';
import { SuiteAuthCodeStore } from '../integrations/SuiteAuthCodeStore';
import { SuiteStore } from '../integrations/SuiteStore';
import { WeComSuiteConfig } from '../integrations/types';
import { CallbackDispatcher } from './CallbackDispatcher';
import { CallbackJobQueue } from './CallbackJobQueue';
import { CallbackReceiptStore } from './CallbackReceiptStore';
import { CallbackService } from './CallbackService';
import { RefusalLog } from './RefusalLog';
import {
  CallbackHandlers,
  registerCallbackHandlers,
} from './registerCallbackHandlers';
import { SuiteCallbackService } from './SuiteCallbackService';
import { SuiteDataCallbackService } from './SuiteDataCallbackService';

/** WeCom's callbacks: custom apps', suites' and the dispatcher behind them. */
export interface CallbackServices {
  /** A custom app's callback and bot callback. */
  callbacks: CallbackService;
  /** A suite's instruction callback (tickets, authorizations). */
  suiteCallbacks: SuiteCallbackService;
  /** A third-party app's events, on its suite's data callback. */
  suiteDataCallbacks: SuiteDataCallbackService;
  /** Runs the handlers; stopped on shutdown. */
  dispatcher: CallbackDispatcher;
  /** Messages seen once; the bot's long connection records its own here. */
  receipts: CallbackReceiptStore;
  /** Refusals of the public callback URLs: summarised and counted. */
  refusals: RefusalLog;
  /** `wecom.callbacks.*` the routers read. */
  settings: { maxBodyBytes: number; maxClockSkewSeconds: number };
}

/**
 * Builds the callback services, registers every handler
 * (registerCallbackHandlers.ts says which event goes where) and schedules
 * the queue drain, the suite auth-code exchange and the pruning of
 * receipts, jobs and auth codes.
 */
export async function createCallbackServices(deps: {
  config: RootConfigService;
  logger: LoggerService;
  knex: Knex;
  cache: CacheService;
  scheduler: SchedulerService;
  integrations: IntegrationService;
  integrationIndex: IntegrationIndex;
  /** Counts refusals when given (Backstage's metrics service). */
  metrics?: MetricsService;
  state: IntegrationStateStore;
  suites: WeComSuiteConfig[];
  suiteStore: SuiteStore;
  authCodes: SuiteAuthCodeStore;
  handlers: CallbackHandlers;
}): Promise<CallbackServices> {
  const { config, logger, knex, scheduler, authCodes } = deps;
  const settings = {
    maxBodyBytes:
      config.getOptionalNumber('wecom.callbacks.maxBodyBytes') ?? 64 * 1024,
    maxClockSkewSeconds:
      config.getOptionalNumber('wecom.callbacks.maxClockSkewSeconds') ?? 300,
  };
  const queue = new CallbackJobQueue(knex);
  const receipts = new CallbackReceiptStore(knex);
  const dispatcher = new CallbackDispatcher(queue, logger);
  // Before the queue drain below: no job runs without its handlers.
  registerCallbackHandlers(dispatcher, deps.handlers);
  const callbacks = new CallbackService({
    integrations: deps.integrations,
    index: deps.integrationIndex,
    state: deps.state,
    dispatcher,
    logger,
    maxClockSkewSeconds: settings.maxClockSkewSeconds,
  });
  const suiteCallbacks = new SuiteCallbackService({
    suites: deps.suites,
    suiteStore: deps.suiteStore,
    authCodes,
    cache: deps.cache,
    logger,
    maxClockSkewSeconds: settings.maxClockSkewSeconds,
  });
  // A third-party app's events come in on its suite's data callback and go
  // the way a custom app's callbacks go.
  const suiteDataCallbacks = new SuiteDataCallbackService({
    suites: deps.suites,
    suiteStore: deps.suiteStore,
    integrations: {
      find: matches => deps.integrationIndex.find(matches),
      get: id => deps.integrations.get(id),
    },
    appEvents: callbacks.appEvents,
    logger,
    maxClockSkewSeconds: settings.maxClockSkewSeconds,
  });

  // Each replica drains the queue (claims decide who runs a job); retries
  // and jobs left by a crashed replica are picked up here.
  await scheduler.scheduleTask({
    id: 'wecom-callback-queue',
    frequency: { seconds: 10 },
    timeout: { minutes: 5 },
    scope: 'local',
    fn: () => dispatcher.kick(),
  });
  // Auth codes of create_auth / reset_permanent_code that a replica
  // recorded but did not exchange (it died after answering): claims decide.
  await scheduler.scheduleTask({
    id: 'wecom-suite-auth-codes',
    frequency: { seconds: 15 },
    timeout: { minutes: 5 },
    scope: 'local',
    fn: () => suiteCallbacks.exchange.kick(),
  });
  await scheduler.scheduleTask({
    id: 'wecom-callback-prune',
    frequency: { hours: 1 },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      const dayAgo = DateTime.utc().minus({ days: 1 });
      await receipts.prune(dayAgo);
      await queue.prune(dayAgo.minus({ days: 6 }));
      await authCodes.prune(dayAgo.minus({ days: 6 }));
    },
  });

  const refusals = new RefusalLog(logger, {
    counter: deps.metrics?.createCounter('wecom.callbacks.refused', {
      description:
        'WeCom callback requests refused (unknown integration, bad signature, malformed, stale, too large)',
      unit: '{request}',
    }),
  });

  return {
    refusals,
    callbacks,
    suiteCallbacks,
    suiteDataCallbacks,
    dispatcher,
    receipts,
    settings,
  };
}
