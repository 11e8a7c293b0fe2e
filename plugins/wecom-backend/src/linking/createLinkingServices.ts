import {
  AuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComClientProvider } from '../integrations/WeComClientProvider';
import { CatalogUserDirectory } from './CatalogUserDirectory';
import { DatabaseLinkRunStore } from './DatabaseLinkRunStore';
import { forgetDeletedIntegrations } from './forgetDeletedIntegrations';
import { LinkedUsersService } from './LinkedUsersService';
import { DatabaseMobileLookupBudget } from './MobileLookupBudget';
import { LinkStore } from './LinkStore';
import { ManualLinkService } from './ManualLinkService';
import { OneClickLinkRunner } from './OneClickLinkRunner';

/** The Linked Users area: the table, manual links and One-Click Link. */
export interface LinkingServices {
  linkedUsers: LinkedUsersService;
  manualLinks: ManualLinkService;
  oneClickLink: OneClickLinkRunner;
}

/** Builds the Linked Users area on the plugin's shared services. */
export function createLinkingServices(deps: {
  knex: Knex;
  config: RootConfigService;
  catalog: CatalogService;
  auth: AuthService;
  links: LinkStore;
  integrations: IntegrationService;
  clients: WeComClientProvider;
  logger: LoggerService;
}): LinkingServices {
  const { links, integrations, clients } = deps;
  const logger = deps.logger.child({ area: 'linking' });
  const directory = new CatalogUserDirectory(deps.catalog, deps.auth);
  const runs = new DatabaseLinkRunStore(deps.knex);
  forgetDeletedIntegrations({ integrations, links, runs, logger });
  return {
    linkedUsers: new LinkedUsersService({ directory, links, integrations }),
    manualLinks: new ManualLinkService({
      directory,
      links,
      integrations,
      clients,
    }),
    oneClickLink: new OneClickLinkRunner({
      directory,
      links,
      runs,
      integrations,
      clients,
      mobileLookupBudget: new DatabaseMobileLookupBudget(deps.knex),
      logger,
      concurrency: deps.config.getOptionalNumber('wecom.linking.concurrency'),
    }),
  };
}
