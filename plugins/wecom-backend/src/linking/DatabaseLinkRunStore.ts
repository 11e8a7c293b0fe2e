import { WeComLinkRun } from 'backstage-plugin-wecom-common';
import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { readTimestamp, writeTimestamp } from '../database/time';
import { LinkRunLockOutcome, LinkRunStore } from './LinkRunStore';

const RUNS = 'wecom_link_runs';
const LOCKS = 'wecom_link_run_locks';

/**
 * How long a run may go without a heartbeat before it counts as dead. Runs
 * beat every few seconds; a WeCom call gives up well within this.
 */
export const LINK_RUN_STALE_AFTER = Duration.fromObject({ minutes: 2 });

const STALE_MESSAGE =
  'The run stopped without finishing: the backend running it stopped sending heartbeats (was it restarted?). Start it again; users linked so far are kept.';

interface RunRow {
  id: string;
  integration_id: string;
  status: string;
  started_by: string | null;
  started_at: unknown;
  finished_at: unknown;
  heartbeat_at: unknown;
  total: number | string;
  processed: number | string;
  result: string | null;
  error: string | null;
}

type RunResult = Pick<
  WeComLinkRun,
  | 'alreadyLinked'
  | 'linked'
  | 'notFound'
  | 'failed'
  | 'matching'
  | 'mobileLookups'
>;

/** {@link LinkRunStore} in the plugin's database. */
export class DatabaseLinkRunStore implements LinkRunStore {
  constructor(
    private readonly knex: Knex,
    private readonly options: {
      now?: () => DateTime;
      staleAfter?: Duration;
    } = {},
  ) {}

  lock(integrationId: string, runId: string): Promise<LinkRunLockOutcome> {
    return this.tryLock(integrationId, runId, 1);
  }

  private async tryLock(
    integrationId: string,
    runId: string,
    attempt: number,
  ): Promise<LinkRunLockOutcome> {
    const now = this.now();
    // The primary key on integration_id decides between racing replicas.
    await this.knex(LOCKS)
      .insert({
        integration_id: integrationId,
        run_id: runId,
        heartbeat_at: writeTimestamp(now),
      })
      .onConflict('integration_id')
      .ignore();
    const held = await this.knex(LOCKS)
      .where({ integration_id: integrationId })
      .first();
    if (held?.run_id === runId) {
      return { acquired: true };
    }
    const heartbeat = readTimestamp(held?.heartbeat_at);
    if (!held || !heartbeat || heartbeat < this.staleBefore()) {
      if (held) {
        // Conditional on the dead run still holding it: one taker wins.
        const taken = await this.knex(LOCKS)
          .where({ integration_id: integrationId, run_id: held.run_id })
          .andWhere('heartbeat_at', '<', writeTimestamp(this.staleBefore()))
          .update({ run_id: runId, heartbeat_at: writeTimestamp(now) });
        if (taken === 1) {
          await this.markStale(held.run_id);
          return { acquired: true };
        }
      }
      // Unlocked or taken over between our steps: look again.
      if (attempt < 3) {
        return this.tryLock(integrationId, runId, attempt + 1);
      }
      throw new Error(
        `Could not take the One-Click Link lock of integration ${integrationId}; try again`,
      );
    }

    const holder: RunRow | undefined = await this.knex(RUNS)
      .where({ id: held.run_id })
      .first();
    return {
      acquired: false,
      runId: held.run_id,
      since: readTimestamp(holder?.started_at) ?? heartbeat,
    };
  }

  async heartbeat(integrationId: string, runId: string): Promise<boolean> {
    const now = writeTimestamp(this.now());
    await this.knex(RUNS).where({ id: runId }).update({ heartbeat_at: now });
    const updated = await this.knex(LOCKS)
      .where({ integration_id: integrationId, run_id: runId })
      .update({ heartbeat_at: now });
    return updated === 1;
  }

  async unlock(integrationId: string, runId: string): Promise<void> {
    await this.knex(LOCKS)
      .where({ integration_id: integrationId, run_id: runId })
      .delete();
  }

  async create(run: WeComLinkRun): Promise<void> {
    await this.knex(RUNS).insert({
      id: run.id,
      integration_id: run.integrationId,
      started_by: run.startedBy ?? null,
      started_at: writeTimestamp(DateTime.fromISO(run.startedAt)),
      ...this.progressColumns(run),
    });
  }

  async save(run: WeComLinkRun): Promise<void> {
    await this.knex(RUNS)
      .where({ id: run.id })
      .update(this.progressColumns(run));
  }

  async finish(run: WeComLinkRun): Promise<void> {
    await this.knex.transaction(async trx => {
      await trx(RUNS).where({ id: run.id }).update(this.progressColumns(run));
      await trx(LOCKS)
        .where({ integration_id: run.integrationId, run_id: run.id })
        .delete();
    });
  }

  async get(runId: string): Promise<WeComLinkRun | undefined> {
    const row: RunRow | undefined = await this.knex(RUNS)
      .where({ id: runId })
      .first();
    return row ? this.toRun(row) : undefined;
  }

  async latest(integrationId: string): Promise<WeComLinkRun | undefined> {
    const row: RunRow | undefined = await this.knex(RUNS)
      .where({ integration_id: integrationId })
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row ? this.toRun(row) : undefined;
  }

  async deleteIntegration(integrationId: string): Promise<void> {
    await this.knex(LOCKS).where({ integration_id: integrationId }).delete();
    await this.knex(RUNS).where({ integration_id: integrationId }).delete();
  }

  private progressColumns(run: WeComLinkRun) {
    const result: RunResult = {
      alreadyLinked: run.alreadyLinked,
      linked: run.linked,
      notFound: run.notFound,
      failed: run.failed,
      matching: run.matching,
      mobileLookups: run.mobileLookups,
    };
    return {
      status: run.status,
      finished_at: run.finishedAt
        ? writeTimestamp(DateTime.fromISO(run.finishedAt))
        : null,
      heartbeat_at: writeTimestamp(this.now()),
      total: run.progress.total,
      processed: run.progress.processed,
      result: JSON.stringify(result),
      error: run.error ? JSON.stringify(run.error) : null,
    };
  }

  /** Records that a run whose lock was taken over will never finish. */
  private async markStale(runId: string) {
    await this.knex(RUNS)
      .where({ id: runId, status: 'running' })
      .update({
        status: 'failed',
        finished_at: writeTimestamp(this.now()),
        error: JSON.stringify({ message: STALE_MESSAGE }),
      });
  }

  private toRun(row: RunRow): WeComLinkRun {
    const result: Partial<RunResult> = row.result ? JSON.parse(row.result) : {};
    const run: WeComLinkRun = {
      id: row.id,
      integrationId: row.integration_id,
      status: row.status as WeComLinkRun['status'],
      startedAt: iso(row.started_at)!,
      ...(row.finished_at ? { finishedAt: iso(row.finished_at) } : {}),
      ...(row.started_by ? { startedBy: row.started_by } : {}),
      progress: {
        total: Number(row.total),
        processed: Number(row.processed),
      },
      alreadyLinked: result.alreadyLinked ?? 0,
      linked: result.linked ?? [],
      notFound: result.notFound ?? [],
      failed: result.failed ?? [],
      ...(result.matching ? { matching: result.matching } : {}),
      ...(result.mobileLookups ? { mobileLookups: result.mobileLookups } : {}),
      ...(row.error ? { error: JSON.parse(row.error) } : {}),
    };
    // A run nobody beats for any more would poll as "running" forever.
    const heartbeat = readTimestamp(row.heartbeat_at);
    if (
      run.status === 'running' &&
      heartbeat &&
      heartbeat < this.staleBefore()
    ) {
      return { ...run, status: 'failed', error: { message: STALE_MESSAGE } };
    }
    return run;
  }

  private now() {
    return this.options.now?.() ?? DateTime.utc();
  }

  private staleBefore() {
    return this.now().minus(this.options.staleAfter ?? LINK_RUN_STALE_AFTER);
  }
}

function iso(value: unknown): string | undefined {
  return readTimestamp(value)?.toISO() ?? undefined;
}
