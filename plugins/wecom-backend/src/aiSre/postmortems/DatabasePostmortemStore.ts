import { WeComPostmortem } from 'backstage-plugin-wecom-common';
import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { readTimestamp, writeTimestamp } from '../../database/time';
import {
  GeneratedPostmortem,
  GenerationClaim,
  GenerationClaimResult,
  PostmortemStore,
} from './PostmortemStore';

const TABLE = 'wecom_postmortems';

interface Row {
  incident_id: string;
  markdown: string | null;
  analyzer: string | null;
  generated_by: string | null;
  generated_at: unknown;
  edited_by: string | null;
  edited_at: unknown;
  posted_at: unknown;
  posted_by: string | null;
  generation_started_at: unknown;
}

/**
 * Post-mortems in the plugin's database (`wecom_postmortems`).
 *
 * The rate limit is a conditional UPDATE of the row's
 * `generation_started_at` rather than rate-limiter-flexible: the same SQL
 * works on PostgreSQL and SQLite (the library needs a different store class
 * for each and creates its own table at run time), the claim sits next to
 * the post-mortem it guards, it is taken before the (slow, maybe paid)
 * analyzer runs so two replicas never both generate, and tests give it a
 * clock instead of waiting.
 */
export class DatabasePostmortemStore implements PostmortemStore {
  constructor(private readonly knex: Knex) {}

  async get(incidentId: string): Promise<WeComPostmortem | undefined> {
    const row = await this.row(incidentId);
    return row ? toPostmortem(row) : undefined;
  }

  async claimGeneration(
    incidentId: string,
    now: DateTime,
    minInterval: Duration,
  ): Promise<GenerationClaimResult> {
    const claim = { incidentId, startedAt: now };
    try {
      await this.knex<Row>(TABLE).insert({
        incident_id: incidentId,
        generation_started_at: writeTimestamp(now),
      });
      return { claimed: true, claim };
    } catch (error) {
      // The primary key: the incident has a row already, claim it below.
      if (!(await this.row(incidentId))) throw error;
    }

    const before = await this.row(incidentId);
    const won = await this.knex<Row>(TABLE)
      .where({ incident_id: incidentId })
      .andWhere(q =>
        q
          .whereNull('generation_started_at')
          .orWhere(
            'generation_started_at',
            '<=',
            writeTimestamp(now.minus(minInterval)) as any,
          ),
      )
      .update({ generation_started_at: writeTimestamp(now) as any });
    if (won === 1) {
      return {
        claimed: true,
        claim: {
          ...claim,
          previous: readTimestamp(before?.generation_started_at),
        },
      };
    }
    const current = await this.row(incidentId);
    const lastStartedAt = readTimestamp(current?.generation_started_at) ?? now;
    return {
      claimed: false,
      lastStartedAt,
      retryAt: lastStartedAt.plus(minInterval),
    };
  }

  async releaseGeneration(claim: GenerationClaim): Promise<void> {
    await this.knex<Row>(TABLE)
      .where({
        incident_id: claim.incidentId,
        generation_started_at: writeTimestamp(claim.startedAt) as any,
      })
      .update({
        generation_started_at: claim.previous
          ? (writeTimestamp(claim.previous) as any)
          : null,
      });
  }

  async saveGenerated(
    incidentId: string,
    generated: GeneratedPostmortem,
  ): Promise<WeComPostmortem> {
    const columns = {
      markdown: generated.markdown,
      analyzer: generated.analyzer,
      generated_by: generated.generatedBy,
      generated_at: writeTimestamp(generated.generatedAt) as any,
      edited_by: null,
      edited_at: null,
    };
    await this.knex<Row>(TABLE)
      .insert({ incident_id: incidentId, ...columns })
      .onConflict('incident_id')
      .merge(columns);
    return (await this.get(incidentId))!;
  }

  async saveEdited(
    incidentId: string,
    edit: { markdown: string; editedBy: string; editedAt: DateTime },
  ): Promise<WeComPostmortem | undefined> {
    return this.change(incidentId, {
      markdown: edit.markdown,
      edited_by: edit.editedBy,
      edited_at: writeTimestamp(edit.editedAt),
    });
  }

  async markPosted(
    incidentId: string,
    posted: { postedBy: string; postedAt: DateTime },
  ): Promise<WeComPostmortem | undefined> {
    return this.change(incidentId, {
      posted_by: posted.postedBy,
      posted_at: writeTimestamp(posted.postedAt),
    });
  }

  /** Changes a post-mortem that exists (has a text). */
  private async change(
    incidentId: string,
    columns: Partial<Record<keyof Row, unknown>>,
  ): Promise<WeComPostmortem | undefined> {
    const changed = await this.knex<Row>(TABLE)
      .where({ incident_id: incidentId })
      .whereNotNull('markdown')
      .update(columns as any);
    return changed === 1 ? this.get(incidentId) : undefined;
  }

  private async row(incidentId: string): Promise<Row | undefined> {
    return this.knex<Row>(TABLE).where({ incident_id: incidentId }).first();
  }
}

function toPostmortem(row: Row): WeComPostmortem | undefined {
  const generatedAt = readTimestamp(row.generated_at);
  if (row.markdown === null || !generatedAt) return undefined;
  const editedAt = readTimestamp(row.edited_at);
  const postedAt = readTimestamp(row.posted_at);
  return {
    incidentId: row.incident_id,
    markdown: row.markdown,
    analyzer: row.analyzer ?? 'unknown',
    generatedBy: row.generated_by ?? 'a service',
    generatedAt: generatedAt.toISO()!,
    ...(row.edited_by && editedAt
      ? { editedBy: row.edited_by, editedAt: editedAt.toISO()! }
      : {}),
    ...(row.posted_by && postedAt
      ? { postedBy: row.posted_by, postedAt: postedAt.toISO()! }
      : {}),
  };
}
