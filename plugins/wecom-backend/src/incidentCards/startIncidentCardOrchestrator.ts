import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { IntegrationService } from '../integrations/IntegrationService';
import { CatalogUserDirectory } from '../linking/CatalogUserDirectory';
import { RecipientResolver } from '../recipients/types';
import { CardDelivery, EscalationRuns } from './contracts';
import { IncidentCardOrchestrator } from './IncidentCardOrchestrator';

/**
 * Subscribes the orchestrator to the incident provider: a new incident
 * sends its cards and starts escalation; a status change updates every
 * card and stops or restarts escalation.
 */
export function startIncidentCardOrchestrator(deps: {
  logger: LoggerService;
  catalog: CatalogService;
  auth: AuthService;
  integrations: Pick<IntegrationService, 'list'>;
  incidents: WeComIncidentProvider;
  resolver: RecipientResolver;
  delivery: CardDelivery;
  escalation: EscalationRuns;
  /** `wecom.notifications.integration` (readNotificationIntegration). */
  configuredIntegration?: string;
}): IncidentCardOrchestrator {
  const users = new CatalogUserDirectory(deps.catalog, deps.auth);
  const orchestrator = new IncidentCardOrchestrator({
    incidents: deps.incidents,
    resolver: deps.resolver,
    delivery: deps.delivery,
    escalation: deps.escalation,
    integrations: deps.integrations,
    configuredIntegration: deps.configuredIntegration,
    actorName: async actor =>
      actor.startsWith('user:')
        ? (await users.get(actor))?.displayName
        : undefined,
    // The log area from before incident cards had their own folder.
    logger: deps.logger.child({ area: 'notifications' }),
  });
  orchestrator.start();
  return orchestrator;
}
