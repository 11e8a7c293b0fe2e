import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { createHash } from 'node:crypto';
import { readTimestamp, writeTimestamp } from '../../database/time';

const TABLE = 'wecom_alert_groups';

/** How long one delivery may take to open the group's incident. */
const OPENING_LEASE = Duration.fromObject({ minutes: 1 });

/** What we know of an alert group. */
export interface AlertGroup {
  /** The incident the group opened last (it may be closed by now). */
  incidentId?: string;
  revision: number;
  /** Another delivery is opening the group's incident until then. */
  openingUntil?: DateTime;
}

interface GroupRow {
  group_hash: string;
  group_key: string;
  incident_id: string | null;
  revision: number;
  opening_until: unknown;
  updated_at: unknown;
}

/**
 * Alertmanager groups and the incident each opened, kept apart from the
 * provider so grouping works whichever provider stores incidents. The
 * right to open an incident for a group is claimed by a conditional write:
 * when deliveries of one group race, exactly one opens it.
 */
export class AlertGroupStore {
  constructor(
    private readonly knex: Knex,
    private readonly clock: () => DateTime = () => DateTime.utc(),
  ) {}

  async get(groupKey: string): Promise<AlertGroup | undefined> {
    const row: GroupRow | undefined = await this.knex(TABLE)
      .where({ group_hash: hash(groupKey) })
      .first();
    if (!row) return undefined;
    return {
      incidentId: row.incident_id ?? undefined,
      revision: row.revision,
      openingUntil: readTimestamp(row.opening_until),
    };
  }

  /** Whether `group` is being opened by another delivery right now. */
  isOpening(group: AlertGroup | undefined): boolean {
    return Boolean(group?.openingUntil && group.openingUntil > this.clock());
  }

  /**
   * Claims the right to open the group's next incident, against the state
   * `seen`. Answers the claim's revision, or undefined when another
   * delivery got there first.
   */
  async claimOpening(
    groupKey: string,
    seen: AlertGroup | undefined,
  ): Promise<number | undefined> {
    const now = this.clock();
    const claim = {
      incident_id: null,
      opening_until: writeTimestamp(now.plus(OPENING_LEASE)),
      updated_at: writeTimestamp(now),
    };
    if (!seen) {
      try {
        await this.knex(TABLE).insert({
          group_hash: hash(groupKey),
          group_key: groupKey,
          revision: 1,
          ...claim,
        });
        return 1;
      } catch (error) {
        if (isDatabaseConflictError(error)) return undefined;
        throw error;
      }
    }
    const updated = await this.knex(TABLE)
      .where({ group_hash: hash(groupKey), revision: seen.revision })
      .update({ ...claim, revision: seen.revision + 1 });
    return updated === 1 ? seen.revision + 1 : undefined;
  }

  /** Records the incident a claim opened. */
  async recordOpened(
    groupKey: string,
    revision: number,
    incidentId: string,
  ): Promise<void> {
    await this.knex(TABLE)
      .where({ group_hash: hash(groupKey), revision })
      .update({
        incident_id: incidentId,
        opening_until: null,
        updated_at: writeTimestamp(this.clock()),
      });
  }

  /** Gives a claim up (opening failed), so the next delivery may try. */
  async releaseOpening(groupKey: string, revision: number): Promise<void> {
    await this.knex(TABLE)
      .where({ group_hash: hash(groupKey), revision })
      .update({ opening_until: null });
  }
}

/** Group keys can be long; the key column holds their SHA-256. */
function hash(groupKey: string): string {
  return createHash('sha256').update(groupKey, 'utf8').digest('hex');
}
