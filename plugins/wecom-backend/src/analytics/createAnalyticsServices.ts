import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { AnalyticsService } from './AnalyticsService';
import { AnalyticsStore } from './AnalyticsStore';
import { AnalyticsFigures, CachedAnalytics } from './cachedAnalytics';
import { CatalogOwnerDirectory } from './OwnerDirectory';

/**
 * The Insights figures, read from the database incident provider's tables
 * and the card deliveries (a module's incident provider keeps its
 * incidents elsewhere: then only the pages are counted).
 */
export function createAnalyticsServices(deps: {
  knex: Knex;
  catalog: CatalogService;
  auth: AuthService;
}): { analytics: AnalyticsFigures } {
  return {
    // Each answer reused for a minute (see CachedAnalytics).
    analytics: new CachedAnalytics(
      new AnalyticsService(
        new AnalyticsStore(deps.knex),
        new CatalogOwnerDirectory(deps.catalog, deps.auth),
      ),
    ),
  };
}
