import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DateTime } from 'luxon';
import { LinkStore } from '../../linking/LinkStore';
import { CatalogResponderDirectory } from '../../recipients/CatalogResponderDirectory';
import {
  EscalationPolicySource,
  ScheduleOnCallSource,
  noEscalationPolicies,
  noSchedules,
} from '../contracts';
import { catalogMissingUsers } from '../catalogMissingUsers';
import { OnCallResolver } from '../OnCallResolver';

/**
 * The on-call resolver other areas' tests route through: no schedules and
 * no policies unless given, so on-call is the owners' members.
 */
export function onCallResolverFor(deps: {
  catalog: CatalogService;
  auth: AuthService;
  links: Pick<LinkStore, 'listByUsers'>;
  schedules?: ScheduleOnCallSource;
  /** Users who turned WeCom cards off. */
  optedOut?: string[];
  policies?: EscalationPolicySource;
  /** The integration whose links name WeCom members. */
  integrationId?: string;
  /** The clock; the wall clock by default. */
  now?: () => DateTime;
}): OnCallResolver {
  return new OnCallResolver({
    schedules: deps.schedules ?? noSchedules,
    policies: deps.policies ?? noEscalationPolicies,
    directory: new CatalogResponderDirectory(deps.catalog, deps.auth),
    links: deps.links,
    preferences: {
      optedOut: async refs =>
        new Set(refs.filter(ref => deps.optedOut?.includes(ref))),
    },
    missingUsers: catalogMissingUsers(deps.catalog, deps.auth),
    integrationFor: async () => deps.integrationId ?? 'acme',
    now: deps.now,
  });
}
