import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  WeComIncidentTransition,
  wecomIncidentUpdatePermission,
} from 'backstage-plugin-wecom-common';
import {
  WeComAppEventHandler,
  WeComIncidentProvider,
  isWeComInvalidTransitionError,
  WeComTemplateCardEvent,
} from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import {
  LinkedUserAccess,
  authorizeMember,
} from '../../access/LinkedUserAccess';
import { LINK_HINT, refusalText } from '../../access/refusals';
import { withAuditEvent } from '../../http/access';
import { CardAction, CardDelivery, parseCardActionKey } from '../contracts';
import { CardStore } from './CardStore';
import { CardSynchronizer, SyncRequest } from './CardSynchronizer';
import { Clock } from './deliveryDeps';
import { ResponseCodeStore } from './ResponseCodeStore';
import { shortNameOf } from '../../text/incidentLabels';

function transitionOf(
  action: Exclude<CardAction, { kind: 'refresh' }>,
): WeComIncidentTransition {
  if (action.kind === 'snooze') {
    return { action: 'snooze', snoozeMinutes: action.minutes };
  }
  return { action: action.kind };
}

/**
 * Handles a click on an incident card (`template_card_event`, or
 * `template_card_menu_event` for its ⋯ menu): records the
 * click's response code, then
 * - an unlinked clicker gets a hint on their card (with that code);
 * - Refresh spends the code to bring the card up to date;
 * - any other button transitions the incident as the clicker's linked
 *   Backstage user, when the permission policy grants that user
 *   `wecom.incident.update` (the route's decision), and the card shows the
 *   result (or, for a transition that does not apply, the current status
 *   and why). A refusal is shown on the clicker's card only, which keeps
 *   the incident's real status.
 * Runs from the durable callback queue: a thrown error means "retry".
 */
export function createCardClickHandler(options: {
  knex: Knex;
  provider: WeComIncidentProvider;
  /** Finds the clicker's linked user and asks the permission policy. */
  access: LinkedUserAccess;
  synchronizer: CardSynchronizer;
  delivery: CardDelivery;
  logger: LoggerService;
  now: Clock;
  /** Records each change a click makes (`incident-change`, via `wecom-card`). */
  auditor?: AuditorService;
}): WeComAppEventHandler {
  const { provider, access, synchronizer, delivery, logger, now } = options;

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

    const member = {
      integrationId: card.integrationId,
      wecomUserId: click.fromUserId,
    };
    const clicked = {
      taskId: card.taskId,
      codeId: code.id,
      userid: click.fromUserId,
    };
    const identity = await access.credentialsOf(member);
    if (identity.kind === 'unlinked') {
      await answerClicker(clicked, LINK_HINT, 'linkHint');
      return;
    }

    const { action } = parsed;
    if (action.kind === 'refresh') {
      // Changes nothing: the card shows its incident as it is to the
      // members it was sent to.
      await settle(card.taskId, {
        preferredCodeId: code.id,
        force: true,
        purpose: 'refresh',
      });
      return;
    }

    // The linked user; a repeated click (its change made before) names them too.
    const linked =
      identity.kind === 'user' ? identity.user.entityRef : identity.entityRef;
    let notice: string | undefined;
    if (!code.handledAt) {
      const decision = await authorizeMember(
        access,
        identity,
        wecomIncidentUpdatePermission,
      );
      if (!decision.allowed) {
        await answerClicker(
          clicked,
          refusalText(decision, wecomIncidentUpdatePermission),
          'answer',
        );
        return;
      }
      const actor = decision.user.entityRef;
      const meta = {
        action: action.kind,
        incidentId: card.incidentId,
        wecomUserId: click.fromUserId,
        entityRef: actor,
      };
      await audited(meta, async () => {
        try {
          await provider.transition(
            card.incidentId,
            transitionOf(action),
            actor,
          );
          await codes.markHandled(code.id, now());
          return 'changed';
        } catch (error) {
          if (!isWeComInvalidTransitionError(error)) throw error;
          // Answered on the card, e.g. "The incident is already closed".
          notice = error.message;
          return 'not-applicable';
        }
      });
    }
    const changedBy = shortNameOf(linked);
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

  /**
   * Shows `notice` on the clicker's view of the card only, with their
   * click's code; the card keeps the incident's real status.
   */
  async function answerClicker(
    clicked: { taskId: string; codeId: number; userid: string },
    notice: string,
    purpose: 'linkHint' | 'answer',
  ) {
    await synchronizer.syncWhenFree(clicked.taskId, {
      preferredCodeId: clicked.codeId,
      force: true,
      onlyFor: [clicked.userid],
      notice,
      purpose,
    });
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
    // Buttons and the ⋯ menu (snooze) arrive as two events (page 90240).
    types: ['template_card_event', 'template_card_menu_event'],
    handle: event => handle(event as WeComTemplateCardEvent),
  };
}
