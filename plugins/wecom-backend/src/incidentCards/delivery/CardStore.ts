import {
  WeComCardDelivery,
  WeComDeliveryStatus,
  WeComIncidentStatus,
} from 'backstage-plugin-wecom-common';
import { Knex } from 'knex';
import { DateTime, Duration } from 'luxon';
import { readTimestamp, writeTimestamp } from '../../database/time';
import { CLAIM_TIMEOUT } from './policy';

const CARDS = 'wecom_incident_cards';
const DELIVERIES = 'wecom_card_deliveries';

/** Rows per insert or `IN (...)` list, well under every engine's limits. */
const BATCH = 200;

/** A card sent (or queued) to up to 1,000 members. */
export interface IncidentCard {
  taskId: string;
  integrationId: string;
  incidentId: string;
  level: number;
  recipients: string[];
  sendStatus: 'pending' | 'sent' | 'failed';
  shownStatus: WeComIncidentStatus;
  stale: boolean;
  /** Set when the card should be brought up to date; null when nothing to do. */
  syncDueAt?: DateTime;
  /** Counts requests to sync, so a sync can tell whether one came in meanwhile. */
  syncRequests: number;
  /** Who made the latest status change, shown on the card. */
  changedBy?: string;
}

/** One row of the deliveries table before it is written. */
export interface NewDelivery {
  entityRef: string;
  wecomUserId?: string;
  status: WeComDeliveryStatus;
  error?: string;
}

function toCard(row: any): IncidentCard {
  return {
    taskId: row.task_id,
    integrationId: row.integration_id,
    incidentId: row.incident_id,
    level: Number(row.level),
    recipients: JSON.parse(row.recipients),
    sendStatus: row.send_status,
    shownStatus: row.shown_status,
    stale: Boolean(row.stale),
    syncDueAt: readTimestamp(row.sync_due_at),
    syncRequests: Number(row.sync_requests),
    changedBy: row.target_changed_by ?? undefined,
  };
}

/**
 * Cards and their per-recipient deliveries. A card's sync (spending a
 * response code on `update_template_card`) is claimed like an outbox row,
 * so two replicas never update the same card at once.
 */
/**
 * A third-party app may message only members with an interface licence
 * account (page 95652: at least a basic account, 基础账号, per member).
 */
export const UNLICENSED_HINT =
  'Not delivered: the corp has no active WeCom interface licence (接口许可) for this member. Buy basic accounts (基础账号) for the corp from the app provider and activate one for this member (or transfer one from a member who left), then the next card reaches them.';

export class CardStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async insertCard(card: {
    taskId: string;
    integrationId: string;
    incidentId: string;
    level: number;
    recipients: string[];
    shownStatus: WeComIncidentStatus;
    now: DateTime;
  }): Promise<void> {
    await this.db(CARDS).insert({
      task_id: card.taskId,
      integration_id: card.integrationId,
      incident_id: card.incidentId,
      level: card.level,
      recipients: JSON.stringify(card.recipients),
      send_status: 'pending',
      shown_status: card.shownStatus,
      target_status: card.shownStatus,
      stale: false,
      created_at: writeTimestamp(card.now),
      updated_at: writeTimestamp(card.now),
    });
  }

  async insertDeliveries(
    base: {
      incidentId: string;
      integrationId: string;
      taskId?: string;
      level: number;
      now: DateTime;
    },
    deliveries: NewDelivery[],
  ): Promise<void> {
    const at = writeTimestamp(base.now);
    const rows = deliveries.map(d => ({
      incident_id: base.incidentId,
      integration_id: base.integrationId,
      task_id: base.taskId ?? null,
      entity_ref: d.entityRef,
      wecom_user_id: d.wecomUserId ?? null,
      status: d.status,
      level: base.level,
      error: d.error ?? null,
      created_at: at,
      updated_at: at,
    }));
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.db(DELIVERIES).insert(rows.slice(i, i + BATCH));
    }
  }

  async get(taskId: string): Promise<IncidentCard | undefined> {
    const row = await this.db(CARDS).where({ task_id: taskId }).first();
    return row ? toCard(row) : undefined;
  }

  async listForIncident(incidentId: string): Promise<IncidentCard[]> {
    const rows = await this.db(CARDS)
      .where({ incident_id: incidentId })
      .orderBy('created_at')
      .orderBy('task_id');
    return rows.map(toCard);
  }

  /** WeCom took the card: its pending deliveries are sent, or invalidUser. */
  async recordSent(
    taskId: string,
    invalidUserIds: string[],
    now: DateTime,
    unlicensedUserIds: string[] = [],
  ): Promise<void> {
    const at = writeTimestamp(now);
    await this.db(CARDS)
      .where({ task_id: taskId })
      .update({ send_status: 'sent', updated_at: at });
    await this.db(DELIVERIES)
      .where({ task_id: taskId, status: 'pending' })
      .update({ status: 'sent', error: null, updated_at: at });
    for (let i = 0; i < invalidUserIds.length; i += BATCH) {
      await this.db(DELIVERIES)
        .where({ task_id: taskId })
        .whereIn('wecom_user_id', invalidUserIds.slice(i, i + BATCH))
        .update({
          status: 'invalidUser',
          error:
            'WeCom does not know this member, or the app cannot reach them',
          updated_at: at,
        });
    }
    for (let i = 0; i < unlicensedUserIds.length; i += BATCH) {
      await this.db(DELIVERIES)
        .where({ task_id: taskId })
        .whereIn('wecom_user_id', unlicensedUserIds.slice(i, i + BATCH))
        .update({
          status: 'unlicensed',
          error: UNLICENSED_HINT,
          updated_at: at,
        });
    }
  }

  /**
   * The card waits: these recipients are over WeCom's per-member budget.
   * Their deliveries stay pending, with `note` saying why and until when.
   */
  async recordDeferred(
    taskId: string,
    wecomUserIds: string[],
    note: string,
    now: DateTime,
  ): Promise<void> {
    for (let i = 0; i < wecomUserIds.length; i += BATCH) {
      await this.db(DELIVERIES)
        .where({ task_id: taskId, status: 'pending' })
        .whereIn('wecom_user_id', wecomUserIds.slice(i, i + BATCH))
        .update({ error: note, updated_at: writeTimestamp(now) });
    }
  }

  /**
   * Moves the members held back from a card that was never sent to a card
   * of their own, `heldTaskId`, queued for later: a copy of the card (the
   * status it shows and any sync it waits for included) whose recipients
   * are the held ones; their deliveries follow it, with `note` saying why
   * and until when. The others stay on the card, which goes out now.
   */
  async splitOff(
    taskId: string,
    heldTaskId: string,
    heldUserIds: string[],
    note: string,
    now: DateTime,
  ): Promise<void> {
    const at = writeTimestamp(now);
    const row = await this.db(CARDS).where({ task_id: taskId }).first();
    if (!row) throw new Error(`No card ${taskId} to split`);
    const held = new Set(heldUserIds);
    const recipients: string[] = JSON.parse(row.recipients);
    await this.db(CARDS)
      .where({ task_id: taskId })
      .update({
        recipients: JSON.stringify(recipients.filter(u => !held.has(u))),
        updated_at: at,
      });
    await this.db(CARDS).insert({
      ...row,
      task_id: heldTaskId,
      recipients: JSON.stringify(recipients.filter(u => held.has(u))),
      send_status: 'pending',
      // A status change committed between the read above and this insert
      // (another replica's requestSync) updates the card but not its copy:
      // the copy is checked against the incident once it has gone out.
      sync_due_at: at,
      sync_claimed_by: null,
      sync_claimed_at: null,
      created_at: at,
      updated_at: at,
    });
    for (let i = 0; i < heldUserIds.length; i += BATCH) {
      await this.db(DELIVERIES)
        .where({ task_id: taskId, status: 'pending' })
        .whereIn('wecom_user_id', heldUserIds.slice(i, i + BATCH))
        .update({ task_id: heldTaskId, error: note, updated_at: at });
    }
  }

  /** The send was given up: its pending deliveries get `status` and the reason. */
  async recordSendFailed(
    taskId: string,
    status: 'failed' | 'invalidUser',
    reason: string,
    now: DateTime,
  ): Promise<void> {
    const at = writeTimestamp(now);
    await this.db(CARDS)
      .where({ task_id: taskId })
      .update({ send_status: 'failed', updated_at: at });
    await this.db(DELIVERIES)
      .where({ task_id: taskId, status: 'pending' })
      .update({ status, error: reason.slice(0, 2000), updated_at: at });
  }

  /** Asks for the cards of an incident that do not show `status` to be brought up to date. */
  async requestSync(
    incidentId: string,
    status: WeComIncidentStatus,
    changedBy: string | undefined,
    now: DateTime,
  ): Promise<void> {
    await this.db(CARDS)
      .where({ incident_id: incidentId })
      .whereNot({ send_status: 'failed' })
      .whereNot({ shown_status: status })
      .update({
        sync_due_at: writeTimestamp(now),
        sync_requests: this.db.raw('sync_requests + 1'),
        target_status: status,
        target_changed_by: changedBy ?? null,
        updated_at: writeTimestamp(now),
      });
  }

  /** Sent cards whose sync is due, for the periodic pass. */
  async listSyncDue(now: DateTime, limit = 20): Promise<string[]> {
    const rows = await this.db(CARDS)
      .where({ send_status: 'sent', stale: false })
      .andWhere('sync_due_at', '<=', writeTimestamp(now))
      .orderBy('sync_due_at')
      .limit(limit)
      .select('task_id');
    return rows.map(r => r.task_id);
  }

  /** Takes the card for a sync; false while another worker holds a live claim. */
  async claimSync(
    taskId: string,
    workerId: string,
    now: DateTime,
    claimTimeout: Duration = CLAIM_TIMEOUT,
  ): Promise<boolean> {
    const won = await this.db(CARDS)
      .where({ task_id: taskId })
      .andWhere(q =>
        q
          .whereNull('sync_claimed_at')
          .orWhere(
            'sync_claimed_at',
            '<',
            writeTimestamp(now.minus(claimTimeout)),
          ),
      )
      .update({
        sync_claimed_by: workerId,
        sync_claimed_at: writeTimestamp(now),
      });
    return won === 1;
  }

  async releaseSync(taskId: string, workerId: string): Promise<void> {
    await this.db(CARDS)
      .where({ task_id: taskId, sync_claimed_by: workerId })
      .update({ sync_claimed_by: null, sync_claimed_at: null });
  }

  /** Clears the due mark unless another request came in since `requestsAtStart`. */
  async clearSyncDue(taskId: string, requestsAtStart: number): Promise<void> {
    await this.db(CARDS)
      .where({ task_id: taskId, sync_requests: requestsAtStart })
      .update({ sync_due_at: null });
  }

  async setSyncDue(taskId: string, at: DateTime): Promise<void> {
    await this.db(CARDS)
      .where({ task_id: taskId })
      .update({ sync_due_at: writeTimestamp(at) });
  }

  /** The card now shows `status` to every recipient. */
  async recordShown(
    taskId: string,
    status: WeComIncidentStatus,
    now: DateTime,
  ): Promise<void> {
    await this.db(CARDS)
      .where({ task_id: taskId })
      .update({
        shown_status: status,
        stale: false,
        updated_at: writeTimestamp(now),
      });
  }

  /** No code was left: the card keeps an old status until a click brings a code. */
  async markStale(taskId: string, now: DateTime): Promise<boolean> {
    const changed = await this.db(CARDS)
      .where({ task_id: taskId, stale: false })
      .update({ stale: true, updated_at: writeTimestamp(now) });
    return changed === 1;
  }

  /** Every recipient of every card of an incident, with the card's state. */
  async listDeliveries(incidentId: string): Promise<WeComCardDelivery[]> {
    const rows = await this.db(`${DELIVERIES} as d`)
      .leftJoin(`${CARDS} as c`, 'c.task_id', 'd.task_id')
      .where('d.incident_id', incidentId)
      .orderBy('d.level')
      .orderBy('d.id')
      .select(
        'd.incident_id',
        'd.integration_id',
        'd.task_id',
        'd.entity_ref',
        'd.wecom_user_id',
        'd.status',
        'd.level',
        'd.error',
        'd.updated_at',
        'c.shown_status',
        'c.stale',
      );
    return rows.map(row => {
      const delivery: WeComCardDelivery = {
        incidentId: row.incident_id,
        integrationId: row.integration_id,
        entityRef: row.entity_ref,
        status: row.status,
        level: Number(row.level),
        updatedAt: readTimestamp(row.updated_at)!.toISO()!,
      };
      if (row.task_id) delivery.taskId = row.task_id;
      if (row.wecom_user_id) delivery.wecomUserId = row.wecom_user_id;
      if (row.error) delivery.error = row.error;
      // Only a card the member got shows a status (and may be stale).
      if (row.status === 'sent') {
        delivery.cardStatus = row.shown_status;
        delivery.stale = Boolean(row.stale);
      }
      return delivery;
    });
  }
}
