import {
  WeComLinkedUser,
  WeComLinkedUsersFilter,
  WeComLinkedUsersPage,
} from 'backstage-plugin-wecom-common';
import { IntegrationService } from '../integrations/IntegrationService';
import { CatalogUser, CatalogUserDirectory } from './CatalogUserDirectory';
import { LinkStore, UserLink } from './LinkStore';
import { resolveIntegration } from './resolveIntegration';

/** A parsed `GET /linked-users` query. */
export interface LinkedUsersListQuery {
  integration?: string;
  filter: WeComLinkedUsersFilter;
  q?: string;
  offset: number;
  limit: number;
}

// A fixed locale, so the order does not depend on the server's settings.
const collator = new Intl.Collator('en', {
  sensitivity: 'base',
  numeric: true,
});

/**
 * The Linked Users table: every catalog `User` joined with its link in one
 * integration. Links whose entity left the catalog are not listed.
 */
export class LinkedUsersService {
  constructor(
    private readonly deps: {
      directory: CatalogUserDirectory;
      links: LinkStore;
      integrations: IntegrationService;
    },
  ) {}

  async list(query: LinkedUsersListQuery): Promise<WeComLinkedUsersPage> {
    const { directory, links, integrations } = this.deps;
    const integration = await resolveIntegration(
      integrations,
      query.integration,
    );
    const [users, stored] = await Promise.all([
      directory.listAll(),
      links.list(integration.id),
    ]);
    const byRef = new Map(stored.map(link => [link.entityRef, link]));
    const rows = users
      .map(user => toLinkedUser(user, byRef.get(user.entityRef)))
      .sort(
        (a, b) =>
          collator.compare(a.displayName, b.displayName) ||
          collator.compare(a.entityRef, b.entityRef),
      );

    const linked = rows.filter(row => row.wecomUserId !== null).length;
    const needle = query.q?.toLocaleLowerCase();
    const matching = rows.filter(
      row =>
        matchesFilter(row, query.filter) &&
        (!needle || matchesText(row, needle)),
    );
    return {
      integrationId: integration.id,
      items: matching.slice(query.offset, query.offset + query.limit),
      totalCount: matching.length,
      offset: query.offset,
      limit: query.limit,
      counts: { all: rows.length, linked, unlinked: rows.length - linked },
    };
  }
}

/** One row of the table: a catalog user and its link, if any. */
export function toLinkedUser(
  user: CatalogUser,
  link: UserLink | undefined,
): WeComLinkedUser {
  return {
    entityRef: user.entityRef,
    displayName: user.displayName,
    ...(user.email ? { email: user.email } : {}),
    wecomUserId: link?.wecomUserId ?? null,
    ...(link
      ? {
          source: link.source,
          linkedAt: link.linkedAt.toISO() ?? undefined,
          ...(link.linkedBy ? { linkedBy: link.linkedBy } : {}),
        }
      : {}),
  };
}

function matchesFilter(row: WeComLinkedUser, filter: WeComLinkedUsersFilter) {
  if (filter === 'linked') return row.wecomUserId !== null;
  if (filter === 'unlinked') return row.wecomUserId === null;
  return true;
}

function matchesText(row: WeComLinkedUser, needle: string) {
  // The entity name is the part after the slash of the ref.
  const name = row.entityRef.slice(row.entityRef.indexOf('/') + 1);
  return [row.displayName, name, row.email ?? ''].some(value =>
    value.toLocaleLowerCase().includes(needle),
  );
}
