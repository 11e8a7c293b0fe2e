import { LoggerService } from '@backstage/backend-plugin-api';
import { IntegrationService } from '../integrations/IntegrationService';
import { LinkRunStore } from './LinkRunStore';
import { LinkStore } from './LinkStore';

/**
 * Drops the links and One-Click Link runs of an integration once it is
 * deleted. `onChange` reports creates, updates and deletes alike: an id
 * that no longer resolves was deleted.
 */
export function forgetDeletedIntegrations(deps: {
  integrations: IntegrationService;
  links: LinkStore;
  runs: LinkRunStore;
  logger: LoggerService;
}): void {
  const { integrations, links, runs, logger } = deps;
  integrations.onChange(id => {
    const forget = async () => {
      if (await integrations.get(id)) return;
      await links.deleteIntegration(id);
      await runs.deleteIntegration(id);
      logger.info(`Removed the user links of deleted integration ${id}`);
    };
    forget().catch(error =>
      logger.warn(
        `Could not remove the user links of deleted integration ${id}: ${error}`,
      ),
    );
  });
}
