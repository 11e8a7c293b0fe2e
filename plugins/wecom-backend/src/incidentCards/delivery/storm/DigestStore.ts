import { WeComIncident } from 'backstage-plugin-wecom-common';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { randomBytes } from 'node:crypto';
import { readTimestamp, writeTimestamp } from '../../../database/time';
import { Recipient } from '../../../recipients/types';
import { OutboxStore } from '../OutboxStore';
import { buildDigestBody, DigestGroup } from './digestBody';
import { StormPolicy } from './stormPolicy';

const DIGESTS = 'wecom_card_digests';
const DELIVERIES = 'wecom_card_deliveries';

/** Digest task ids start so; nothing else in the outbox does. */
const DIGEST_PREFIX = 'digest-';

export function isDigestTaskId(taskId: string): boolean {
  return taskId.startsWith(DIGEST_PREFIX);
}

/** What the incident page says of a delivery that went by digest. */
export interface DigestOfDelivery {
  taskId: string;
  /** Incidents the digest holds. */
  incidents: number;
  /** The service and cause this incident was counted under. */
  groupLabel: string;
  /** Incidents of that group in the digest. */
  groupIncidents: number;
  /** When WeCom took it; absent while it collects or waits for budget. */
  sentAt?: string;
}

/**
 * A member's digests. While a digest `collects`, incidents join it (a
 * delivery row under its task id, counted under a group label); once the
 * outbox worker `seals` it to send, later incidents open the member's next
 * digest. Joining and sealing both write the digest row conditionally, so
 * on PostgreSQL the row lock orders them: an incident either made it into
 * the body the worker renders, or went to the next digest — never neither.
 * A digest the outbox gave up on (`failed`) fails its incidents' deliveries
 * visibly, like a card.
 */
export class DigestStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /**
   * Puts the incident into each member's collecting digest, opening one
   * (and its outbox row, due after the policy's delay and interval) where
   * there is none. Answers when the earliest digest it opened is due.
   */
  async hold(input: {
    incident: WeComIncident;
    integrationId: string;
    agentId: number;
    level: number;
    members: Recipient[];
    groupLabel: string;
    policy: StormPolicy;
    now: DateTime;
  }): Promise<DateTime | undefined> {
    const { integrationId, members, now } = input;
    let firstDue: DateTime | undefined;
    for (const member of members) {
      let taskId = await this.#joinCollecting(integrationId, member);
      if (!taskId) {
        const opened = await this.#open(input, member);
        taskId = opened.taskId;
        if (!firstDue || opened.dueAt < firstDue) firstDue = opened.dueAt;
      }
      await this.db(DELIVERIES).insert({
        incident_id: input.incident.id,
        integration_id: integrationId,
        task_id: taskId,
        entity_ref: member.entityRef,
        wecom_user_id: member.wecomUserId,
        status: 'pending',
        level: input.level,
        group_label: input.groupLabel,
        created_at: writeTimestamp(now),
        updated_at: writeTimestamp(now),
      });
    }
    return firstDue;
  }

  async #joinCollecting(
    integrationId: string,
    member: Recipient,
  ): Promise<string | undefined> {
    const open = await this.db(DIGESTS)
      .where({
        integration_id: integrationId,
        wecom_user_id: member.wecomUserId,
        status: 'collecting',
      })
      .first('task_id');
    if (!open) return undefined;
    // A write, not only a read: it waits for (or beats) the worker's seal.
    const joined = await this.db(DIGESTS)
      .where({ task_id: open.task_id, status: 'collecting' })
      .update({ status: 'collecting' });
    return joined === 1 ? open.task_id : undefined;
  }

  async #open(
    input: Parameters<DigestStore['hold']>[0],
    member: Recipient,
  ): Promise<{ taskId: string; dueAt: DateTime }> {
    const { integrationId, policy, now } = input;
    const previous = await this.db(DIGESTS)
      .where({
        integration_id: integrationId,
        wecom_user_id: member.wecomUserId,
      })
      .orderBy('due_at', 'desc')
      .first('due_at', 'sent_at');
    const earliest = [now.plus(policy.digestDelay)];
    const last = readTimestamp(previous?.sent_at ?? previous?.due_at);
    if (last) earliest.push(last.plus(policy.digestInterval));
    const dueAt = DateTime.max(...earliest)!;
    const taskId = `${DIGEST_PREFIX}${randomBytes(12).toString('hex')}`;
    await this.db(DIGESTS).insert({
      task_id: taskId,
      integration_id: integrationId,
      wecom_user_id: member.wecomUserId,
      entity_ref: member.entityRef,
      status: 'collecting',
      due_at: writeTimestamp(dueAt),
      created_at: writeTimestamp(now),
    });
    await new OutboxStore(this.db).insert({
      taskId,
      integrationId,
      incidentId: input.incident.id,
      // Rendered again, with every incident it then holds, when sealed.
      body: buildDigestBody({
        agentId: input.agentId,
        userId: member.wecomUserId,
        taskId,
        groups: [{ label: input.groupLabel, incidents: 1 }],
        now,
      }),
      now,
      availableAt: dueAt,
    });
    return { taskId, dueAt };
  }

  /**
   * Closes the digest to new incidents and answers its body with every
   * incident it holds. Sealing a digest sealed before (its send was
   * deferred) renders the same incidents again.
   */
  async seal(input: {
    taskId: string;
    agentId: number;
    incidentsUrl?: string;
    now: DateTime;
  }): Promise<string | undefined> {
    const digest = await this.db(DIGESTS)
      .where({ task_id: input.taskId })
      .first();
    if (!digest) return undefined;
    await this.db(DIGESTS)
      .where({ task_id: input.taskId, status: 'collecting' })
      .update({ status: 'sending' });
    return buildDigestBody({
      agentId: input.agentId,
      userId: digest.wecom_user_id,
      taskId: input.taskId,
      groups: await this.groupsOf(input.taskId),
      incidentsUrl: input.incidentsUrl,
      now: input.now,
    });
  }

  /** A sealed digest whose send waits for budget collects again meanwhile. */
  async reopen(taskId: string): Promise<void> {
    await this.db(DIGESTS)
      .where({ task_id: taskId, status: 'sending' })
      .update({ status: 'collecting' });
  }

  /** The outbox gave the digest up: it takes no more incidents. */
  async markGivenUp(taskId: string): Promise<void> {
    await this.db(DIGESTS)
      .where({ task_id: taskId })
      .update({ status: 'failed' });
  }

  async markSent(taskId: string, now: DateTime): Promise<void> {
    await this.db(DIGESTS)
      .where({ task_id: taskId })
      .update({ status: 'sent', sent_at: writeTimestamp(now) });
  }

  /** The incidents a digest holds, by group. */
  async groupsOf(taskId: string): Promise<DigestGroup[]> {
    const rows: Array<{ group_label: string | null; incidents: unknown }> =
      await this.db(DELIVERIES)
        .where({ task_id: taskId })
        .groupBy('group_label')
        .select('group_label')
        .countDistinct({ incidents: 'incident_id' });
    return rows.map(row => ({
      label: row.group_label ?? 'other',
      incidents: Number(row.incidents),
    }));
  }

  /** The digests that hold the incident, as its page shows them. */
  async ofIncident(incidentId: string): Promise<Map<string, DigestOfDelivery>> {
    const rows: Array<{ task_id: string; group_label: string | null }> =
      await this.db(DELIVERIES)
        .where({ incident_id: incidentId })
        .where('task_id', 'like', `${DIGEST_PREFIX}%`)
        .distinct('task_id', 'group_label');
    const described = new Map<string, DigestOfDelivery>();
    for (const row of rows) {
      const digest = await this.db(DIGESTS)
        .where({ task_id: row.task_id })
        .first('sent_at');
      if (!digest) continue;
      const groups = await this.groupsOf(row.task_id);
      const label = row.group_label ?? 'other';
      const sentAt = readTimestamp(digest.sent_at)?.toISO();
      described.set(row.task_id, {
        taskId: row.task_id,
        incidents: groups.reduce((sum, g) => sum + g.incidents, 0),
        groupLabel: label,
        groupIncidents: groups.find(g => g.label === label)?.incidents ?? 1,
        ...(sentAt && { sentAt }),
      });
    }
    return described;
  }
}
