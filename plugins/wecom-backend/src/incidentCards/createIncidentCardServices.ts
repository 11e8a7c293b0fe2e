import {
  AuditorService,
  DiscoveryService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  WeComAppEventHandler,
  WeComIncidentProvider,
} from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { LinkedUserAccess } from '../access/LinkedUserAccess';
import { AppAgents } from '../integrations/appAgent';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComClientProvider } from '../integrations/WeComClientProvider';
import { createCards } from './cards/createCards';
import { TemplateCardRenderer } from './cards/TemplateCardRenderer';
import { readOutboxClaimTimeout } from './delivery/config';
import { readStormPolicy } from './delivery/storm/stormPolicy';
import { createCardDelivery } from './delivery/createCardDelivery';
import { OutboxCardDelivery } from './delivery/OutboxCardDelivery';
import { OutboxWorker } from './delivery/OutboxWorker';
import { CardTemplateService } from './templates/CardTemplateService';

/** Incident cards: how they look, how they are sent, what clicks do. */
export interface IncidentCardServices {
  /** Builds incident cards from the templates. */
  cards: TemplateCardRenderer;
  /** Card templates per integration and service (`/templates`). */
  cardTemplates: CardTemplateService;
  /** Sends incident cards through the outbox and keeps them up to date. */
  cardDelivery: OutboxCardDelivery;
  /** Sends what the outbox holds; stopped on shutdown. */
  outboxWorker: OutboxWorker;
  /**
   * Card clicks (`template_card_event`, `template_card_menu_event`);
   * registered with the other callback handlers in
   * callbacks/registerCallbackHandlers.ts.
   */
  clickHandler: WeComAppEventHandler;
}

/**
 * Builds the renderer and templates, the outbox (its worker scheduled on
 * every replica) and the click handler. Who gets cards and when is the
 * orchestrator's (startIncidentCardOrchestrator) and escalation's.
 */
export async function createIncidentCardServices(deps: {
  config: RootConfigService;
  /** Where the cards' detail links find the workspace login. */
  discovery: DiscoveryService;
  logger: LoggerService;
  knex: Knex;
  scheduler: SchedulerService;
  integrations: IntegrationService;
  appAgents: AppAgents;
  clients: WeComClientProvider;
  incidentProvider: WeComIncidentProvider;
  /** Card clicks act as the clicker's linked user, if the policy lets them. */
  access: LinkedUserAccess;
  /** Audits the incident changes made by card clicks. */
  auditor: AuditorService;
}): Promise<IncidentCardServices> {
  const { integrations, appAgents, clients } = deps;
  const { cards, cardTemplates, incidentsUrl } = createCards({
    ...deps,
    wecomBaseUrl: await deps.discovery.getExternalBaseUrl('wecom'),
  });
  const {
    cardDelivery,
    clickHandler,
    worker: outboxWorker,
  } = await createCardDelivery({
    knex: deps.knex,
    provider: deps.incidentProvider,
    renderer: cards,
    targets: async id => {
      const integration = await integrations.get(id);
      if (!integration) return undefined;
      // A third-party app's agent comes from the corp's authorization.
      const agent = await appAgents.of(integration);
      return {
        client: clients.forIntegration(integration),
        agentId: agent.agentId,
        problem: agent.problem,
      };
    },
    access: deps.access,
    logger: deps.logger,
    scheduler: deps.scheduler,
    claimTimeout: readOutboxClaimTimeout(deps.config),
    auditor: deps.auditor,
    storm: readStormPolicy(deps.config),
    incidentsUrl,
  });
  return { cards, cardTemplates, cardDelivery, outboxWorker, clickHandler };
}
