import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { LinkStore } from '../linking/LinkStore';
import { CatalogRecipientResolver } from './CatalogRecipientResolver';
import { CatalogResponderDirectory } from './CatalogResponderDirectory';
import { DatabasePreferencesStore } from './DatabasePreferencesStore';
import { PreferencesStore } from './PreferencesStore';
import { OnCallResponders } from './types';

/** Who an incident's cards go to, and each user's own settings. */
export interface RecipientServices {
  /** Responders (or the owner's members) → linked WeCom members. */
  resolver: CatalogRecipientResolver;
  /** Each user's own notification settings (`/preferences/me`). */
  preferences: PreferencesStore;
}

/** Builds the resolver over the catalog, the links and the preferences. */
export function createRecipientServices(deps: {
  knex: Knex;
  catalog: CatalogService;
  auth: AuthService;
  links: LinkStore;
  /** Who is on call for an entity: an incident without responders pages them. */
  onCall: OnCallResponders;
}): RecipientServices {
  const preferences = new DatabasePreferencesStore(deps.knex);
  const resolver = new CatalogRecipientResolver({
    directory: new CatalogResponderDirectory(deps.catalog, deps.auth),
    onCall: deps.onCall,
    links: deps.links,
    preferences,
  });
  return { resolver, preferences };
}
