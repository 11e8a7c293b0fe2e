import { LoggerService } from '@backstage/backend-plugin-api';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { Duration } from 'luxon';
import { WeComApiError, isWeComApiError } from '../../connector';
import { isRetryable } from '../../connector/retryPolicy';
import { CardRenderer, TemplateCard } from '../contracts';
import { withNotice } from './cardNotice';
import { CardStore, IncidentCard } from './CardStore';
import { Clock, DeliveryTargets, addToTimeline } from './deliveryDeps';
import { RESPONSE_CODE_REFUSED_ERRCODES, SYNC_RETRY_DELAY } from './policy';
import { ResponseCode, ResponseCodeStore, SpentFor } from './ResponseCodeStore';
import { STATUS_LABELS } from '../../text/incidentLabels';

/** What one sync did to a card. */
export type SyncOutcome =
  /** A code was spent and the card shows the incident as it is. */
  | 'updated'
  /** Nothing to do: the card already shows the status. */
  | 'current'
  /** No code was left (the card is marked stale, unless only one member's view was asked for). */
  | 'stale'
  /** Another worker is syncing this card. */
  | 'busy'
  /** The card is not sent yet (or was never sent). */
  | 'unsent'
  /** WeCom refused the update for a reason other than the code. */
  | 'failed'
  /** The card or its incident no longer exists. */
  | 'gone';

/** What to bring about, beyond "show the current status". */
export interface SyncRequest {
  /** A click's code: spent before any other. */
  preferredCodeId?: number;
  /** Update even when the card shows the status already (Refresh, answers). */
  force?: boolean;
  /** A short answer shown in the card's quote area. */
  notice?: string;
  /** Update only these members' view (the link hint); the card's state is kept. */
  onlyFor?: string[];
  changedBy?: string;
  purpose?: SpentFor;
}

/**
 * Brings a card up to date by spending one of its response codes on
 * `update_template_card`: the preferred (clicked) code first, else the
 * newest unspent, unexpired one. A code WeCom refuses as used or expired
 * is marked spent and the next one tried; with none left the card is
 * marked stale. One worker syncs a card at a time (a claim on the card).
 */
export class CardSynchronizer {
  readonly #cards: CardStore;
  readonly #codes: ResponseCodeStore;

  constructor(
    private readonly options: {
      knex: Knex;
      provider: WeComIncidentProvider;
      renderer: CardRenderer;
      targets: DeliveryTargets;
      logger: LoggerService;
      now: Clock;
      workerId: string;
      /** After this a sync claim belongs to a crashed replica. */
      claimTimeout?: Duration;
    },
  ) {
    this.#cards = new CardStore(options.knex);
    this.#codes = new ResponseCodeStore(options.knex);
  }

  /**
   * Syncs one card. A status change that arrives while this runs sets the
   * card due again, and is picked up before returning (or by the next
   * periodic pass).
   */
  async sync(taskId: string, request: SyncRequest = {}): Promise<SyncOutcome> {
    const { workerId, now } = this.options;
    let current = request;
    let outcome: SyncOutcome = 'busy';
    for (let round = 0; round < 3; round++) {
      const claimed = await this.#cards.claimSync(
        taskId,
        workerId,
        now(),
        this.options.claimTimeout,
      );
      if (!claimed) {
        return 'busy';
      }
      try {
        const requests = (await this.#cards.get(taskId))?.syncRequests ?? 0;
        outcome = await this.#syncClaimed(taskId, current);
        // Done with what was asked when we started; a request that came in
        // meanwhile changed the mark and keeps the card due. (Cleared only
        // now, so a crash mid-update leaves the card due for another pass.)
        if (!current.onlyFor?.length && outcome !== 'unsent') {
          await this.#cards.clearSyncDue(taskId, requests);
        }
      } finally {
        await this.#cards.releaseSync(taskId, workerId);
      }
      if (outcome !== 'updated' && outcome !== 'current') return outcome;
      const card = await this.#cards.get(taskId);
      if (!card?.syncDueAt || card.syncDueAt > now()) return outcome;
      current = {};
    }
    return outcome;
  }

  /** Like {@link sync}, but waits a little for another worker's claim (a click's answer must not be lost). */
  async syncWhenFree(
    taskId: string,
    request: SyncRequest,
    attempts = 20,
  ): Promise<SyncOutcome> {
    for (let i = 0; ; i++) {
      const outcome = await this.sync(taskId, request);
      if (outcome !== 'busy' || i >= attempts) return outcome;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }

  async #syncClaimed(
    taskId: string,
    request: SyncRequest,
  ): Promise<SyncOutcome> {
    const { provider, now } = this.options;
    const card = await this.#cards.get(taskId);
    if (!card) return 'gone';
    if (card.sendStatus !== 'sent') return 'unsent';
    const whole = !request.onlyFor?.length;
    const incident = await provider.getIncident(card.incidentId);
    if (!incident) return 'gone';
    if (
      whole &&
      !request.force &&
      !card.stale &&
      card.shownStatus === incident.status
    ) {
      return 'current';
    }

    let preferred = request.preferredCodeId;
    for (;;) {
      // One member's view is answered with their click's code only: the
      // card's other codes are kept for status changes everyone sees.
      const code =
        (preferred !== undefined
          ? await this.#codes.take(preferred, now())
          : undefined) ??
        (whole ? await this.#codes.takeNewest(taskId, now()) : undefined);
      preferred = undefined;
      if (!code) {
        if (whole) await this.#markStale(card);
        return 'stale';
      }
      const result = await this.#spend(card, code, incident, request);
      if (result !== 'refused') return result;
    }
  }

  /** One `update_template_card` with `code`; `refused` means: try the next code. */
  async #spend(
    card: IncidentCard,
    code: ResponseCode,
    incident: WeComIncident,
    request: SyncRequest,
  ): Promise<SyncOutcome | 'refused'> {
    const { renderer, targets, now, logger, provider } = this.options;
    const whole = !request.onlyFor?.length;
    let target;
    let templateCard;
    try {
      target = await targets(card.integrationId);
      templateCard = await renderer.renderUpdatedCard({
        incident,
        integrationId: card.integrationId,
        taskId: card.taskId,
        changedBy: request.changedBy ?? card.changedBy,
      });
    } catch (error) {
      await this.#codes.release(code.id);
      throw error;
    }
    if (!target) {
      await this.#codes.release(code.id);
      return 'failed';
    }
    try {
      await target.client.updateTemplateCard({
        // A third-party app's agent comes from the corp's authorization,
        // not from the integration's settings.
        ...(target.agentId !== undefined ? { agentid: target.agentId } : {}),
        response_code: code.code,
        ...(whole ? { atall: 1 } : { userids: request.onlyFor }),
        template_card: withoutTaskId(
          request.notice
            ? withNotice(templateCard, request.notice)
            : templateCard,
        ),
      });
    } catch (error) {
      if (isWeComApiError(error, RESPONSE_CODE_REFUSED_ERRCODES)) {
        await this.#codes.markSpent(code.id, 'refused', error.message);
        logger.info(
          `WeCom refused a ${code.source} response code of card ${card.taskId} as used or expired; trying the next one`,
        );
        return 'refused';
      }
      if (error instanceof WeComApiError && !isRetryable(error)) {
        // WeCom may or may not have consumed the code: never reuse it.
        await this.#codes.markSpent(code.id, 'failed', error.message);
        await addToTimeline(provider, logger, card.incidentId, {
          kind: 'card',
          message: `WeCom refused to update the card: ${error.errmsg} (errcode ${error.errcode})`,
          data: { taskId: card.taskId, errcode: error.errcode },
        });
        return 'failed';
      }
      await this.#codes.release(code.id);
      if (whole) {
        await this.#cards.setSyncDue(card.taskId, now().plus(SYNC_RETRY_DELAY));
      }
      throw error;
    }

    await this.#codes.markSpent(code.id, request.purpose ?? 'status');
    if (whole) {
      await this.#cards.recordShown(card.taskId, incident.status, now());
      await addToTimeline(provider, logger, card.incidentId, {
        kind: 'card',
        message: `Card updated to show ${STATUS_LABELS[incident.status]} to ${
          card.recipients.length
        } member(s)`,
        data: {
          taskId: card.taskId,
          status: incident.status,
          codeSource: code.source,
        },
      });
    }
    return 'updated';
  }

  async #markStale(card: IncidentCard) {
    const { provider, logger, now } = this.options;
    if (!(await this.#cards.markStale(card.taskId, now()))) return;
    await addToTimeline(provider, logger, card.incidentId, {
      kind: 'card',
      message: `Card of ${card.recipients.length} member(s) still shows ${
        STATUS_LABELS[card.shownStatus]
      }: no response code is left to update it (WeCom allows one update per code, within 72 hours). Refresh on the card brings it up to date.`,
      data: { taskId: card.taskId, stale: true },
    });
  }
}

/**
 * The card for `update_template_card` without its `task_id`: the response
 * code already names the card, and whether WeCom accepts the send's
 * task_id again in an update is not documented (page 94888 does not say);
 * leaving it out cannot be wrong, sending it might be refused as a reused id.
 */
function withoutTaskId(card: TemplateCard): TemplateCard {
  const { task_id: _taskId, ...rest } = card;
  return rest;
}
