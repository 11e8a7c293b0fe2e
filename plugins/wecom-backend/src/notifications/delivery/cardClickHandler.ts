import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { WeComIncidentTransition } from 'backstage-plugin-wecom-common';
import {
  WeComAppEventHandler,
  WeComIncidentProvider,
  WeComInvalidTransitionError,
  WeComTemplateCardEvent,
} from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { withAuditEvent } from '../../http/access';
import { LinkStore } from '../../linking/LinkStore';
import { CardAction, CardDelivery, parseCardActionKey } from '../contracts';
import { LINK_HINT, shortNameOf } from './cardNotice';
import { CardStore } from './CardStore';
import { CardSynchronizer, SyncRequest } from './CardSynchronizer';
import { Clock } from './deliveryDeps';
import { ResponseCodeStore } from './ResponseCodeStore';

function transitionOf(
  action: Exclude<CardAction, { kind: 'refresh' }>,
): WeComIncidentTransition {
  if (action.kind === 'snooze') {
    return { action: 'snooze', snoozeMinutes: action.minutes };
  }
  return { action: action.kind };
}

function isInvalidTransition(
  error: unknown,
): error is WeComInvalidTransitionError {
  return (
    error instanceof WeComInvalidTransitionError ||
    (error as Error)?.name === 'WeComInvalidTransitionError'
  );
}

/**
 * Handles a click on an incident card (`template_card_event`): records the
 * click's response code, then
 * - an unlinked clicker gets a hint on their card (with that code);
 * - Refresh spends the code to bring the card up to date;
 * - any other button transitions the incident as the clicker's linked
 *   Backstage user, and the card shows the result (or, for a transition
 *   that does not apply, the current status and why).
 * Runs from the durable callback queue: a thrown error means "retry".
 */
export function createCardClickHandler(options: {
  knex: Knex;
  provider: WeComIncidentProvider;
  links: LinkStore;
  synchronizer: CardSynchronizer;
  delivery: CardDelivery;
  logger: LoggerService;
  now: Clock;
  /** Records each change a click makes (`incident-change`, via `wecom-card`). */
  auditor?: AuditorService;
}): WeComAppEventHandler {
  const { provider, links, synchronizer, delivery, logger, now } = options;

  /** Runs the clicker's change inside an audit event, when there is an auditor. */
  const audited = <T extends string>(
    meta: {
      action: string;
      incidentId: string;
      wecomUserId: string;
      entityRef: string;
    },
    fn: () => Promise<T>,
  ): Promise<T> =>
    options.auditor
      ? withAuditEvent(
          options.auditor,
          { eventId: 'incident-change', meta: { ...meta, via: 'wecom-card' } },
          fn,
          outcome => ({ outcome }),
        )
      : fn();
  const cards = new CardStore(options.knex);
  const codes = new ResponseCodeStore(options.knex);

  async function handle(click: WeComTemplateCardEvent) {
    const parsed = parseCardActionKey(click.eventKey);
    if (!parsed) return; // another card of the app, not an incident's
    const card = await cards.get(click.taskId);
    if (
      !card ||
      card.integrationId !== click.integrationId ||
      card.incidentId !== parsed.incidentId
    ) {
      logger.warn(
        `Ignoring a click on card ${click.taskId}: it is not an incident card of integration ${click.integrationId}`,
      );
      return;
    }
    // WeCom issued the code when the member clicked (CreateTime), even if
    // the queue runs this later: its 72 hours count from there.
    const clickedAt = DateTime.fromISO(click.createdAt, { zone: 'utc' });
    const code = await codes.record({
      code: click.responseCode,
      taskId: card.taskId,
      integrationId: card.integrationId,
      source: 'click',
      obtainedAt: clickedAt.isValid ? DateTime.min(clickedAt, now()) : now(),
    });

    const link = await links.findByMember(card.integrationId, click.fromUserId);
    if (!link) {
      await synchronizer.syncWhenFree(card.taskId, {
        preferredCodeId: code.id,
        force: true,
        onlyFor: [click.fromUserId],
        notice: LINK_HINT,
        purpose: 'linkHint',
      });
      return;
    }

    const { action } = parsed;
    if (action.kind === 'refresh') {
      await settle(card.taskId, {
        preferredCodeId: code.id,
        force: true,
        purpose: 'refresh',
      });
      return;
    }

    let notice: string | undefined;
    if (!code.handledAt) {
      const meta = {
        action: action.kind,
        incidentId: card.incidentId,
        wecomUserId: click.fromUserId,
        entityRef: link.entityRef,
      };
      await audited(meta, async () => {
        try {
          await provider.transition(
            card.incidentId,
            transitionOf(action),
            link.entityRef,
          );
          await codes.markHandled(code.id, now());
          return 'changed';
        } catch (error) {
          if (!isInvalidTransition(error)) throw error;
          // Answered on the card, e.g. "The incident is already closed".
          notice = error.message;
          return 'not-applicable';
        }
      });
    }
    const changedBy = shortNameOf(link.entityRef);
    await settle(card.taskId, {
      preferredCodeId: code.id,
      force: notice !== undefined,
      notice,
      changedBy,
      purpose: notice ? 'answer' : 'status',
    });
    // The incident's other cards (other chunks, escalation levels).
    const incident = await provider.getIncident(card.incidentId);
    if (incident && !notice) await delivery.statusChanged(incident, changedBy);
  }

  /** Syncs the clicked card; still busy after waiting → the queue retries the click. */
  async function settle(taskId: string, request: SyncRequest) {
    const outcome = await synchronizer.syncWhenFree(taskId, request);
    if (outcome === 'busy') {
      throw new Error(`Card ${taskId} is being updated by another worker`);
    }
  }

  return {
    name: 'incident-card-clicks',
    types: ['template_card_event'],
    handle: event => handle(event as WeComTemplateCardEvent),
  };
}
