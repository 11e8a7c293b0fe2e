import { LoggerService } from '@backstage/backend-plugin-api';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import {
  WeComApiError,
  WeComRecipientsOverBudgetError,
  WeComSendMessageResult,
  isWeComApiError,
} from '../../connector';
import { isRetryable } from '../../connector/retryPolicy';
import { CardStore } from './CardStore';
import { CardSynchronizer } from './CardSynchronizer';
import { Clock, DeliveryTargets, addToTimeline } from './deliveryDeps';
import { OutboxEntry, OutboxStore } from './OutboxStore';
import { RETRY_CUTOFF, retryDelay } from './policy';
import { ResponseCodeStore } from './ResponseCodeStore';
import { heldBackTaskId, splitSendBody } from './sendBody';
import { DigestStore, isDigestTaskId } from './storm/DigestStore';
import { sealDigestForSend } from './storm/sealDigestForSend';

/** WeCom knew none of the recipients. */
const ALL_RECIPIENTS_INVALID = 81013;

/**
 * Drains the outbox on this replica: sends each claimed card with its
 * stored JSON, records the answer (deliveries, the send's response code),
 * retries with backoff inside WeCom's duplicate-check window, and then
 * brings cards whose sync is due up to date.
 */
export class OutboxWorker {
  readonly #outbox: OutboxStore;
  readonly #cards: CardStore;
  #draining: Promise<void> | undefined;
  #drainAgain = false;
  #stopped = false;

  constructor(
    private readonly options: {
      knex: Knex;
      provider: WeComIncidentProvider;
      targets: DeliveryTargets;
      synchronizer: CardSynchronizer;
      logger: LoggerService;
      now: Clock;
      workerId: string;
      /** After this a claim belongs to a crashed replica (default: the policy's 2 minutes). */
      claimTimeout?: Duration;
      /** The incident list as a digest sent through an integration links it. */
      incidentsUrl?: (integrationId: string) => string;
    },
  ) {
    this.#outbox = new OutboxStore(options.knex, options.claimTimeout);
    this.#cards = new CardStore(options.knex);
  }

  /**
   * Drains now. A call while a drain runs asks for one more pass, and its
   * promise settles after that pass too.
   */
  kick(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#draining) {
      this.#drainAgain = true;
      return this.#draining;
    }
    this.#draining = (async () => {
      do {
        this.#drainAgain = false;
        await this.#drain().catch(error =>
          this.options.logger.error(`WeCom card outbox failed: ${error}`),
        );
      } while (this.#drainAgain && !this.#stopped);
    })().finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  stop() {
    this.#stopped = true;
  }

  async #drain(): Promise<void> {
    const { now, workerId, synchronizer, logger } = this.options;
    for (;;) {
      if (this.#stopped) return;
      const entries = await this.#outbox.claim(workerId, now());
      if (entries.length === 0) break;
      for (const entry of entries) await this.send(entry);
    }
    for (const taskId of await this.#cards.listSyncDue(now())) {
      if (this.#stopped) return;
      await synchronizer
        .sync(taskId)
        .catch(error =>
          logger.warn(`Card ${taskId} could not be updated yet: ${error}`),
        );
    }
  }

  /** Sends one claimed entry and records the outcome; never throws. */
  async send(entry: OutboxEntry): Promise<void> {
    const { now, targets, logger } = this.options;
    const age = now().diff(entry.firstAttemptAt);
    if (age >= RETRY_CUTOFF) {
      await this.#giveUp(
        entry,
        'failed',
        `Not sent: the first attempt was at ${entry.firstAttemptAt.toISO()}, and WeCom's duplicate check only covers 4 hours, so another attempt could deliver the card twice.`,
      );
      return;
    }
    let result: WeComSendMessageResult;
    try {
      const target = await targets(entry.integrationId);
      if (!target) {
        await this.#giveUp(
          entry,
          'failed',
          `The WeCom integration ${entry.integrationId} no longer exists.`,
        );
        return;
      }
      const body = isDigestTaskId(entry.taskId)
        ? await sealDigestForSend(entry, { ...this.options, ...target })
        : entry.body;
      if (body === undefined) return; // another replica holds the send now
      result = await target.client.sendSerializedMessage(body);
    } catch (error) {
      await this.#failed(entry, error);
      return;
    }
    try {
      await this.#recordSent(entry, result);
    } catch (error) {
      // WeCom has the card; a retry of the same bytes is a no-op there.
      logger.error(`Card ${entry.taskId} was sent but not recorded: ${error}`);
      await this.#outbox
        .retryAt(entry.id, this.options.workerId, String(error), now())
        .catch(() => {});
    }
  }

  async #recordSent(entry: OutboxEntry, result: WeComSendMessageResult) {
    const { knex, now, provider, logger } = this.options;
    const invalid = (result.invaliduser ?? '').split('|').filter(Boolean);
    // A third-party app's members without an interface licence (page 95652).
    const unlicensed = (result.unlicenseduser ?? '').split('|').filter(Boolean);
    await knex.transaction(async trx => {
      if (result.response_code) {
        // The code of a send answered from WeCom's duplicate check was
        // issued at the first attempt: count its 72 hours from there.
        await new ResponseCodeStore(trx).record({
          code: result.response_code,
          taskId: entry.taskId,
          integrationId: entry.integrationId,
          source: 'send',
          obtainedAt: entry.firstAttemptAt,
        });
      }
      await new CardStore(trx).recordSent(
        entry.taskId,
        invalid,
        now(),
        unlicensed,
      );
      await new OutboxStore(trx).markSent(entry.id, now());
      if (isDigestTaskId(entry.taskId)) {
        await new DigestStore(trx).markSent(entry.taskId, now());
      }
    });
    // A digest's incidents say so on their pages (their deliveries).
    if (isDigestTaskId(entry.taskId)) return;
    const card = await this.#cards.get(entry.taskId);
    const reached =
      (card?.recipients.length ?? 0) - invalid.length - unlicensed.length;
    await addToTimeline(provider, logger, entry.incidentId, {
      kind: 'notification',
      message: `Card sent to ${reached} WeCom member(s)${
        invalid.length
          ? `; WeCom could not reach ${invalid.length}: ${invalid
              .slice(0, 20)
              .join(', ')}${invalid.length > 20 ? ', …' : ''}`
          : ''
      }${
        unlicensed.length
          ? `; ${
              unlicensed.length
            } have no WeCom interface licence (接口许可): ${unlicensed
              .slice(0, 20)
              .join(', ')}${unlicensed.length > 20 ? ', …' : ''}`
          : ''
      }`,
      data: {
        taskId: entry.taskId,
        level: card?.level,
        sent: reached,
        invalidUsers: invalid,
        ...(unlicensed.length && { unlicensedUsers: unlicensed }),
        msgid: result.msgid,
      },
    });
  }

  async #failed(entry: OutboxEntry, error: unknown) {
    const { now, workerId, logger } = this.options;
    if (error instanceof WeComRecipientsOverBudgetError) {
      await this.#deferred(entry, error);
      return;
    }
    if (isWeComApiError(error, ALL_RECIPIENTS_INVALID)) {
      await this.#giveUp(
        entry,
        'invalidUser',
        'WeCom knows none of the recipients, or the app cannot reach them (81013).',
      );
      return;
    }
    if (error instanceof WeComApiError && !isRetryable(error)) {
      await this.#giveUp(entry, 'failed', error.message);
      return;
    }
    const at = now().plus(retryDelay(entry.attempts));
    logger.warn(
      `Card ${entry.taskId} not sent yet (attempt ${
        entry.attempts
      }), retrying at ${at.toISO()}: ${error}`,
    );
    await this.#outbox.retryAt(entry.id, workerId, String(error), at);
  }

  /**
   * Some recipients got WeCom's per-member maximum of app messages this
   * hour; WeCom would drop the card for them without a word (page 90312).
   * A card that never reached WeCom is split: the others get it now, the
   * held-back members get a card of their own (its own task_id) once they
   * may receive again. A card an earlier attempt may have delivered keeps
   * its exact JSON for WeCom's duplicate check, so all of it waits. Either
   * way the held-back deliveries say why and until when.
   */
  async #deferred(entry: OutboxEntry, error: WeComRecipientsOverBudgetError) {
    const { now, workerId, logger, provider } = this.options;
    // The limiter counts in wall time; our clock may be another (tests).
    const at = now().plus({
      milliseconds: Math.max(0, error.notBefore.getTime() - Date.now()),
    });
    const note = `Held back: this member got WeCom's per-member budget of app messages (30 a minute, 1,000 an hour per app), and WeCom would drop more without telling us. The card goes out at ${formatUtc(
      at,
    )}.`;
    // Nothing of this attempt reached WeCom; with no attempt before it
    // (deferrals and splits do not count), the card has never been sent.
    // The slots this attempt spent for the others are not given back
    // (WeComClient), so the part sent now spends theirs again: erring
    // towards sending less, as the client does.
    const neverSent = entry.attempts <= 1;
    if (neverSent) {
      const split = await this.#splitOff(entry, error, note, at).catch(
        splitError => {
          logger.warn(
            `Card ${entry.taskId} could not be split, all of it waits: ${splitError}`,
          );
          return undefined;
        },
      );
      if (split) {
        logger.warn(
          `Card ${entry.taskId} goes out now to ${
            split.nowCount
          } member(s); ${error.userIds.join(
            ', ',
          )} over WeCom's per-member message budget get card ${
            split.heldTaskId
          } at ${at.toISO()}`,
        );
        await addToTimeline(provider, logger, entry.incidentId, {
          kind: 'notification',
          message: `Card held back until ${formatUtc(at)} for ${
            error.userIds.length
          } recipient(s) over WeCom's per-member message budget; the others get it now`,
          data: {
            taskId: split.heldTaskId,
            splitFrom: entry.taskId,
            deferredUntil: at.toISO(),
          },
        });
        return;
      }
      if (split === false) return; // another replica holds the send now
    }
    logger.warn(
      `Card ${entry.taskId} deferred until ${at.toISO()}: ${error.userIds.join(
        ', ',
      )} over WeCom's per-member message budget`,
    );
    await this.#cards.recordDeferred(entry.taskId, error.userIds, note, now());
    if (neverSent && isDigestTaskId(entry.taskId)) {
      // It collects more incidents while it waits; its send renders them.
      await new DigestStore(this.options.knex).reopen(entry.taskId);
    }
    await this.#outbox.deferTo(
      entry.id,
      workerId,
      error.message,
      at,
      neverSent,
    );
    await addToTimeline(provider, logger, entry.incidentId, {
      kind: 'notification',
      message: `Card held back until ${formatUtc(at)}: ${
        error.userIds.length
      } recipient(s) are over WeCom's per-member message budget`,
      data: { taskId: entry.taskId, deferredUntil: at.toISO() },
    });
  }

  /**
   * Splits a never-sent card in one transaction (see {@link #deferred}).
   * Undefined when it cannot be split (nobody left to send to now, or not
   * addressed to members only), false when this worker lost its claim.
   */
  async #splitOff(
    entry: OutboxEntry,
    error: WeComRecipientsOverBudgetError,
    note: string,
    at: DateTime,
  ): Promise<{ heldTaskId: string; nowCount: number } | false | undefined> {
    const { knex, now, workerId } = this.options;
    const heldTaskId = heldBackTaskId(entry.taskId);
    const bodies = splitSendBody(entry.body, error.userIds, heldTaskId);
    if (!bodies) return undefined;
    const split = await knex.transaction(async trx => {
      const claimed = await new OutboxStore(trx).splitOff({
        entry,
        workerId,
        nowBody: bodies.now,
        laterTaskId: heldTaskId,
        laterBody: bodies.later,
        reason: error.message,
        at,
        now: now(),
      });
      if (!claimed) return false;
      await new CardStore(trx).splitOff(
        entry.taskId,
        heldTaskId,
        error.userIds,
        note,
        now(),
      );
      return true;
    });
    return split ? { heldTaskId, nowCount: bodies.nowUserIds.length } : false;
  }

  async #giveUp(
    entry: OutboxEntry,
    status: 'failed' | 'invalidUser',
    reason: string,
  ) {
    const { knex, now, workerId, provider, logger } = this.options;
    const recorded = await knex.transaction(async trx => {
      const mine = await new OutboxStore(trx).markFailed(
        entry.id,
        workerId,
        reason,
        now(),
      );
      if (mine && isDigestTaskId(entry.taskId)) {
        // Its incidents are failed below; new ones open the next digest.
        await new DigestStore(trx).markGivenUp(entry.taskId);
      }
      if (mine) {
        await new CardStore(trx).recordSendFailed(
          entry.taskId,
          status,
          reason,
          now(),
        );
      }
      return mine;
    });
    if (!recorded) return;
    logger.warn(`Card ${entry.taskId} was not sent: ${reason}`);
    await addToTimeline(provider, logger, entry.incidentId, {
      kind: 'notification',
      message: `Card could not be sent: ${reason}`,
      data: { taskId: entry.taskId, status },
    });
  }
}

function formatUtc(at: DateTime): string {
  return at.toUTC().toFormat("yyyy-MM-dd HH:mm 'UTC'");
}
