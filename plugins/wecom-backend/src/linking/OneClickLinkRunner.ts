import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { WECOM_ANNOTATIONS, WeComLinkRun } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComClientProvider } from '../integrations/WeComClientProvider';
import { CatalogUser, CatalogUserDirectory } from './CatalogUserDirectory';
import {
  MemberLookupClient,
  MemberLookupOptions,
  findMember,
} from './findMember';
import { describeFailure, describeRunError, stopsTheRun } from './linkErrors';
import { LinkRunProgress } from './LinkRunProgress';
import { MobileLookupBudget } from './MobileLookupBudget';
import { MobileLookupGuard } from './MobileLookupGuard';
import { LinkRunStore } from './LinkRunStore';
import { LinkStore } from './LinkStore';
import { resolveIntegration } from './resolveIntegration';
import { runConcurrently } from './runConcurrently';
import { SharedIdentifiers } from './sharedIdentifiers';

/** Lookups in flight per run when `wecom.linking.concurrency` is not set. */
export const DEFAULT_LINK_CONCURRENCY = 4;

/**
 * One-Click Link: finds the WeCom member of every catalog user not linked
 * yet and links them, in the background, one run per integration at a time
 * across replicas. Users already linked are skipped, so a re-run only adds.
 * Every call goes through the integration's WeComClient, which waits on the
 * rate limiter and retries WeCom's 45009 with backoff.
 */
export class OneClickLinkRunner {
  readonly #running = new Set<Promise<void>>();
  readonly #concurrency: number;
  #stopping = false;

  constructor(
    private readonly deps: {
      directory: CatalogUserDirectory;
      links: LinkStore;
      runs: LinkRunStore;
      integrations: IntegrationService;
      clients: WeComClientProvider;
      /** Failed mobile lookups per corp over the rolling day. */
      mobileLookupBudget: MobileLookupBudget;
      logger: LoggerService;
      /** `wecom.linking.concurrency`: lookups in flight per run. */
      concurrency?: number;
    },
  ) {
    const concurrency = deps.concurrency ?? DEFAULT_LINK_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 50) {
      throw new Error(
        `wecom.linking.concurrency must be a whole number from 1 to 50, not ${concurrency}`,
      );
    }
    this.#concurrency = concurrency;
  }

  /**
   * Starts a run and answers at once with its initial state; 409 while
   * another run of the integration is in progress.
   */
  async start(
    integrationId: string,
    startedBy: string | undefined,
  ): Promise<WeComLinkRun> {
    const { integrations, clients, runs, directory, links } = this.deps;
    if (this.#stopping) {
      throw new ServiceUnavailableError('The backend is shutting down');
    }
    const integration = await integrations.require(integrationId);
    const client = clients.forIntegration(integration);

    const runId = randomUUID();
    const lock = await runs.lock(integration.id, runId);
    if (!lock.acquired) {
      throw new ConflictError(
        `A One-Click Link run is already in progress for integration ${
          integration.id
        } (since ${lock.since.toISO()}, run ${
          lock.runId
        }); wait for it to finish`,
      );
    }

    let run: WeComLinkRun;
    let todo: CatalogUser[];
    let shared: SharedIdentifiers;
    let mobileGuard: MobileLookupGuard;
    const personalEmail = integration.oneClickLink?.matchPersonalEmail ?? false;
    try {
      const [users, stored] = await Promise.all([
        directory.listAll(),
        links.list(integration.id),
      ]);
      const linkedRefs = new Set(stored.map(link => link.entityRef));
      todo = users.filter(user => !linkedRefs.has(user.entityRef));
      shared = new SharedIdentifiers(users);
      // The budget is the corp's: integrations of one corp share it.
      mobileGuard = new MobileLookupGuard({
        corpId: integration.corpId,
        budget: this.deps.mobileLookupBudget,
        knownMembers: stored.length,
      });
      run = {
        id: runId,
        integrationId: integration.id,
        status: 'running',
        startedAt: DateTime.utc().toISO()!,
        ...(startedBy ? { startedBy } : {}),
        progress: { total: todo.length, processed: 0 },
        alreadyLinked: users.length - todo.length,
        linked: [],
        notFound: [],
        failed: [],
        matching: { personalEmail },
      };
      await runs.create(run);
    } catch (error) {
      await runs.unlock(integration.id, runId);
      throw error;
    }

    const progress = new LinkRunProgress(run, runs, this.deps.logger);
    const lookup = (user: CatalogUser): LookupPlan => {
      const reasons = shared.reasons(user);
      return {
        personalEmail,
        sharedMobile: reasons.mobile,
        sharedEmail: reasons.email,
        mobileGuard,
      };
    };
    const done = this.#execute(
      progress,
      todo,
      client,
      startedBy,
      lookup,
      mobileGuard,
    )
      .catch(error =>
        this.deps.logger.error(`One-Click Link run ${runId} broke: ${error}`),
      )
      .finally(() => this.#running.delete(done));
    this.#running.add(done);
    return run;
  }

  /** The latest run of an integration (the only one when none is given). */
  async latest(integrationId?: string): Promise<WeComLinkRun | undefined> {
    const { integrations, runs } = this.deps;
    const integration = await resolveIntegration(integrations, integrationId);
    return runs.latest(integration.id);
  }

  async get(runId: string): Promise<WeComLinkRun> {
    const run = await this.deps.runs.get(runId);
    if (!run) {
      throw new NotFoundError(`No One-Click Link run with id ${runId}`);
    }
    return run;
  }

  /**
   * Shutdown: runs of this replica stop taking users, record that they were
   * interrupted and release their locks, so a restart may start again.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all([...this.#running]);
  }

  async #execute(
    progress: LinkRunProgress,
    todo: CatalogUser[],
    client: MemberLookupClient,
    startedBy: string | undefined,
    lookup: (user: CatalogUser) => LookupPlan,
    mobileGuard: MobileLookupGuard,
  ): Promise<void> {
    const logger = this.deps.logger.child({
      integrationId: progress.integrationId,
      linkRun: progress.runId,
    });
    logger.info(`One-Click Link started for ${todo.length} unlinked user(s)`);
    let stopReason: unknown;
    progress.start();
    try {
      await runConcurrently(
        todo,
        this.#concurrency,
        async user => {
          try {
            await this.#linkOne(
              progress,
              user,
              client,
              startedBy,
              lookup(user),
            );
          } catch (error) {
            if (stopsTheRun(error)) {
              stopReason ??= error;
            } else {
              progress.failed({
                entityRef: user.entityRef,
                ...describeFailure(error),
              });
            }
          }
        },
        () => stopReason !== undefined || progress.lockLost || this.#stopping,
      );
    } catch (error) {
      stopReason ??= error;
    }

    if (!stopReason && progress.lockLost) {
      stopReason = new Error(
        'Another backend replica took this run over after its heartbeat stopped',
      );
    }
    if (!stopReason && this.#stopping && progress.unfinished) {
      stopReason = new Error('The backend shut down during the run');
    }
    const final = await progress.finish(
      stopReason ? 'failed' : 'completed',
      stopReason ? describeRunError(stopReason) : undefined,
      mobileGuard.summary,
    );
    logger.info(
      `One-Click Link ${final.status}: ${final.linked.length} linked, ${
        final.notFound.length
      } not found, ${final.failed.length} failed, ${
        final.alreadyLinked
      } already linked${final.error ? `. ${final.error.message}` : ''}`,
    );
  }

  async #linkOne(
    progress: LinkRunProgress,
    user: CatalogUser,
    client: MemberLookupClient,
    startedBy: string | undefined,
    plan: LookupPlan,
  ) {
    const { entityRef } = user;
    const member = await findMember(user, client, {
      personalEmail: plan.personalEmail,
      skipMobile: Boolean(plan.sharedMobile),
      skipEmail: Boolean(plan.sharedEmail),
      mobileGuard: plan.mobileGuard,
    });
    if (!member.found && member.mobileSkipped) {
      progress.failed({ entityRef, reason: plan.mobileGuard.skipReason });
      return;
    }
    if (!member.found) {
      const unusable = [plan.sharedMobile, plan.sharedEmail].filter(Boolean);
      if (unusable.length > 0) {
        progress.failed({
          entityRef,
          reason: `${unusable.join(
            '; ',
          )}: it does not tell which of them a WeCom member is, so it was not looked up. Link by hand or add the ${
            WECOM_ANNOTATIONS.userId
          } annotation`,
        });
      } else {
        progress.notFound({ entityRef, tried: member.tried });
      }
      return;
    }
    // Only adds: a link someone made while the run was looking (a member
    // who signed in from the workspace, an admin) is kept.
    const outcome = await this.deps.links.link(
      {
        integrationId: progress.integrationId,
        entityRef,
        wecomUserId: member.wecomUserId,
        source: member.via === 'annotation' ? 'annotation' : 'oneClick',
        linkedBy: startedBy,
      },
      { keepExisting: true },
    );
    if (outcome.status === 'userLinked') {
      progress.linkedMeanwhile();
      return;
    }
    if (outcome.status === 'memberTaken') {
      progress.failed({
        entityRef,
        reason: `WeCom member ${member.wecomUserId} is already linked to ${outcome.heldBy}`,
      });
      return;
    }
    progress.linked({
      entityRef,
      wecomUserId: member.wecomUserId,
      via: member.via,
    });
  }
}

/** What may be looked up for one user; a shared identifier says why not. */
type LookupPlan = Pick<MemberLookupOptions, 'personalEmail'> & {
  sharedMobile?: string;
  sharedEmail?: string;
  mobileGuard: MobileLookupGuard;
};
