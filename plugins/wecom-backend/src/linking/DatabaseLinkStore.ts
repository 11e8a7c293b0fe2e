import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { WeComLinkSource } from 'backstage-plugin-wecom-common';
import { readTimestamp, writeTimestamp } from '../database/time';
import { LinkOutcome, LinkStore, UserLink } from './LinkStore';

const TABLE = 'wecom_user_links';
// Keeps `IN (…)` under SQLite's bound-parameter limit.
const CHUNK = 500;

interface LinkRow {
  integration_id: string;
  entity_ref: string;
  wecom_user_id: string;
  source: string;
  linked_by: string | null;
  linked_at: unknown;
}

/** {@link LinkStore} in the plugin's database (`wecom_user_links`). */
export class DatabaseLinkStore implements LinkStore {
  constructor(private readonly knex: Knex) {}

  async list(integrationId: string): Promise<UserLink[]> {
    const rows: LinkRow[] = await this.knex(TABLE).where({
      integration_id: integrationId,
    });
    return rows.map(toLink);
  }

  async listByUsers(
    integrationId: string,
    entityRefs: string[],
  ): Promise<UserLink[]> {
    const keys = [
      ...new Set(entityRefs.map(ref => ref.toLocaleLowerCase('en-US'))),
    ];
    const links: UserLink[] = [];
    for (let i = 0; i < keys.length; i += CHUNK) {
      // Links keep the catalog's spelling of a ref (names may have capitals)
      // while callers ask in lower case: compared lower-cased, on the rows of
      // one integration (the primary key's prefix narrows the scan to them).
      const rows: LinkRow[] = await this.knex(TABLE)
        .where({ integration_id: integrationId })
        .whereIn(
          this.knex.raw('lower(entity_ref)') as unknown as string,
          keys.slice(i, i + CHUNK),
        );
      links.push(...rows.map(toLink));
    }
    return links;
  }

  async get(integrationId: string, entityRef: string) {
    const row: LinkRow | undefined = await this.knex(TABLE)
      .where({ integration_id: integrationId, entity_ref: entityRef })
      .first();
    return row ? toLink(row) : undefined;
  }

  async findByMember(integrationId: string, wecomUserId: string) {
    const row: LinkRow | undefined = await sameMember(
      this.knex(TABLE).where({ integration_id: integrationId }),
      wecomUserId,
    ).first();
    return row ? toLink(row) : undefined;
  }

  async link(
    input: Omit<UserLink, 'linkedAt'> & { linkedAt?: DateTime },
    options: { takeOver?: boolean; keepExisting?: boolean } = {},
  ): Promise<LinkOutcome> {
    const link: UserLink = { ...input, linkedAt: input.linkedAt ?? now() };
    // The unique index on (integration, member) is the real guard: when
    // two requests race for one member, the loser's insert fails and a
    // second look finds the winner.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryLink(link, options);
      } catch (error) {
        if (!isDatabaseConflictError(error) || attempt >= 3) throw error;
      }
    }
  }

  private async tryLink(
    link: UserLink,
    options: { takeOver?: boolean; keepExisting?: boolean },
  ): Promise<LinkOutcome> {
    return this.knex.transaction(async tx => {
      if (options.keepExisting) {
        // A link inserted after this look fails the insert below on the
        // unique (integration, user) index, and the retry finds it here.
        const existing: LinkRow | undefined = await tx(TABLE)
          .where({
            integration_id: link.integrationId,
            entity_ref: link.entityRef,
          })
          .first();
        if (existing) return { status: 'userLinked', link: toLink(existing) };
      }
      const holder: LinkRow | undefined = await sameMember(
        tx(TABLE).where({ integration_id: link.integrationId }),
        link.wecomUserId,
      )
        .whereNot({ entity_ref: link.entityRef })
        .first();
      if (holder) {
        if (!options.takeOver) {
          return { status: 'memberTaken', heldBy: holder.entity_ref };
        }
        await tx(TABLE)
          .where({
            integration_id: holder.integration_id,
            entity_ref: holder.entity_ref,
          })
          .delete();
      }
      const row = {
        integration_id: link.integrationId,
        entity_ref: link.entityRef,
        wecom_user_id: link.wecomUserId,
        source: link.source,
        linked_by: link.linkedBy ?? null,
        linked_at: writeTimestamp(link.linkedAt),
      };
      if (options.keepExisting) {
        await tx(TABLE).insert(row);
      } else {
        await tx(TABLE)
          .insert(row)
          .onConflict(['integration_id', 'entity_ref'])
          .merge(['wecom_user_id', 'source', 'linked_by', 'linked_at']);
      }
      return { status: 'linked', link };
    });
  }

  async unlink(integrationId: string, entityRef: string): Promise<boolean> {
    const deleted = await this.knex(TABLE)
      .where({ integration_id: integrationId, entity_ref: entityRef })
      .delete();
    return deleted > 0;
  }

  async deleteIntegration(integrationId: string): Promise<void> {
    await this.knex(TABLE).where({ integration_id: integrationId }).delete();
  }
}

/**
 * Rows of one WeCom member. WeCom's userids ignore case (page 90196: 不区分
 * 大小写), so `lisi` typed by an admin or written in an annotation is the
 * member `LiSi` whom callbacks name: one member, whatever the spelling. An
 * exact spelling comes first.
 */
function sameMember<Q extends Knex.QueryBuilder>(
  query: Q,
  wecomUserId: string,
) {
  return query
    .whereRaw('lower(wecom_user_id) = lower(?)', [wecomUserId])
    .orderByRaw('case when wecom_user_id = ? then 0 else 1 end', [wecomUserId]);
}

function toLink(row: LinkRow): UserLink {
  return {
    integrationId: row.integration_id,
    entityRef: row.entity_ref,
    wecomUserId: row.wecom_user_id,
    source: row.source as WeComLinkSource,
    linkedBy: row.linked_by ?? undefined,
    linkedAt: readTimestamp(row.linked_at) ?? now(),
  };
}

function now() {
  return DateTime.utc();
}
