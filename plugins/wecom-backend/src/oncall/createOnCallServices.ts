import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CatalogVisibility,
  catalogVisibility,
} from '../catalog/catalogVisibility';
import { LinkStore } from '../linking/LinkStore';
import { CatalogResponderDirectory } from '../recipients/CatalogResponderDirectory';
import { PreferencesStore } from '../recipients/PreferencesStore';
import { EscalationPolicySource, ScheduleOnCallSource } from './contracts';
import { catalogMissingUsers } from './catalogMissingUsers';
import { OnCallResolver } from './OnCallResolver';

/** On-call resolution and what its routes need besides. */
export interface OnCallServices {
  /** The one answer to "who is on call for X now". */
  resolver: OnCallResolver;
  /** A person's shifts (`/oncall/shifts`). */
  schedules: ScheduleOnCallSource;
  /** The entity's stored policy: answers name it only to who sees its owner. */
  policies: EscalationPolicySource;
  /**
   * Whether the catalog shows the entity to the caller: the routes answer
   * 404 otherwise, so nobody learns about entities they cannot see.
   */
  isVisible(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<boolean>;
  /** Which refs the catalog shows the caller: answers show only those. */
  visibility: CatalogVisibility;
}

/** Builds the resolver over schedules, policies, the catalog and the links. */
export function createOnCallServices(deps: {
  catalog: CatalogService;
  auth: AuthService;
  links: Pick<LinkStore, 'listByUsers'>;
  /** Who turned WeCom cards off: marked unreachable in answers. */
  preferences?: Pick<PreferencesStore, 'optedOut'>;
  schedules: ScheduleOnCallSource;
  policies: EscalationPolicySource;
  /** The integration that sends cards: its links name the WeCom members. */
  integrationFor: () => Promise<string | undefined>;
}): OnCallServices {
  const resolver = new OnCallResolver({
    schedules: deps.schedules,
    policies: deps.policies,
    directory: new CatalogResponderDirectory(deps.catalog, deps.auth),
    links: deps.links,
    preferences: deps.preferences,
    missingUsers: catalogMissingUsers(deps.catalog, deps.auth),
    integrationFor: deps.integrationFor,
  });
  const visibility = catalogVisibility(deps.catalog);
  return {
    resolver,
    schedules: deps.schedules,
    policies: deps.policies,
    isVisible: async (entityRef, credentials) =>
      (await visibility([entityRef], credentials)).size > 0,
    visibility,
  };
}
