import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  WeComCardDelivery,
  WeComIncident,
} from 'backstage-plugin-wecom-common';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { CardDelivery, CardRenderer } from '../contracts';
import { CardStore, NewDelivery } from './CardStore';
import { CardSynchronizer } from './CardSynchronizer';
import { Clock, DeliveryTargets, addToTimeline } from './deliveryDeps';
import { OutboxStore } from './OutboxStore';
import { MAX_RECIPIENTS_PER_SEND } from './policy';
import { buildSendBody, chunk, newTaskId } from './sendBody';
import { Recipient, RecipientSet } from '../../recipients/types';
import { DigestOfDelivery, DigestStore } from './storm/DigestStore';
import { groupLabelOf } from './storm/groupLabel';
import { splitByBudget } from './storm/MemberCardBudget';
import { DEFAULT_STORM_POLICY, StormPolicy } from './storm/stormPolicy';

/**
 * {@link CardDelivery} through the persisted outbox: `notify` renders and
 * stores each `message/send` once (with its cards and deliveries, in one
 * transaction) and kicks the worker; `statusChanged` spends response codes
 * to bring the incident's cards up to date.
 */
export class OutboxCardDelivery implements CardDelivery {
  constructor(
    private readonly options: {
      knex: Knex;
      provider: WeComIncidentProvider;
      renderer: CardRenderer;
      targets: DeliveryTargets;
      synchronizer: CardSynchronizer;
      /** Starts the outbox worker on this replica (the scheduled drain also runs it). */
      kick: () => void;
      logger: LoggerService;
      now: Clock;
      /** When members get their incidents in a digest instead (default: {@link DEFAULT_STORM_POLICY}). */
      storm?: StormPolicy;
    },
  ) {}

  async notify(input: {
    incident: WeComIncident;
    integrationId: string;
    recipients: RecipientSet;
    level: number;
  }): Promise<void> {
    const { incident, integrationId, level } = input;
    const { knex, renderer, now, logger, provider } = this.options;
    const recipients = uniqueMembers(input.recipients.recipients);
    const unreached: NewDelivery[] = [
      ...input.recipients.unlinked.map(entityRef => ({
        entityRef,
        status: 'unlinked' as const,
      })),
      ...input.recipients.optedOut.map(entityRef => ({
        entityRef,
        status: 'optedOut' as const,
      })),
    ];

    const target = await this.options.targets(integrationId);
    const agentId = target?.agentId;
    if (agentId === undefined && recipients.length > 0) {
      const problem = target
        ? target.problem ??
          `the WeCom integration ${integrationId} has no AgentId`
        : `the WeCom integration ${integrationId} does not exist`;
      await new CardStore(knex).insertDeliveries(
        { incidentId: incident.id, integrationId, level, now: now() },
        [
          ...recipients.map(r => ({
            entityRef: r.entityRef,
            wecomUserId: r.wecomUserId,
            status: 'failed' as const,
            error: `Not sent: ${problem}`,
          })),
          ...unreached,
        ],
      );
      await addToTimeline(provider, logger, incident.id, {
        kind: 'notification',
        message: `Cards not sent: ${problem}`,
        data: { integrationId, level },
      });
      return;
    }

    // Rendered before the transaction (a template may be slow, rows are
    // not), for every member: how many get a card of their own is only
    // known inside it.
    const rendered: Array<{ taskId: string; card: Record<string, unknown> }> =
      [];
    const parts = Math.ceil(recipients.length / MAX_RECIPIENTS_PER_SEND);
    for (let part = 0; part < parts; part++) {
      const taskId = newTaskId(incident.id, level, part);
      const card = await renderer.renderIncidentCard({
        incident,
        integrationId,
        taskId,
      });
      if (card.warnings.length > 0) {
        logger.info(
          `Card of incident ${incident.id}: ${card.warnings.join('; ')}`,
        );
      }
      rendered.push({ taskId, card: card.card });
    }

    const storm = this.options.storm ?? DEFAULT_STORM_POLICY;
    const { sent, digested, digestDue } = await knex.transaction(async trx => {
      const outbox = new OutboxStore(trx);
      const cards = new CardStore(trx);
      const at = now();
      const base = { incidentId: incident.id, integrationId, level, now: at };
      const split = await splitByBudget(trx, {
        integrationId,
        members: recipients,
        policy: storm,
        now: at,
      });
      const sends = chunk(split.individual, MAX_RECIPIENTS_PER_SEND);
      for (const [part, members] of sends.entries()) {
        const { taskId, card } = rendered[part];
        const userIds = members.map(m => m.wecomUserId);
        await outbox.insert({
          taskId,
          body: buildSendBody({ agentId: agentId!, userIds, card }),
          integrationId,
          incidentId: incident.id,
          now: at,
        });
        await cards.insertCard({
          ...base,
          taskId,
          recipients: userIds,
          shownStatus: incident.status,
        });
        await cards.insertDeliveries(
          { ...base, taskId },
          members.map(m => ({
            entityRef: m.entityRef,
            wecomUserId: m.wecomUserId,
            status: 'pending' as const,
          })),
        );
      }
      const firstDigestDue = await new DigestStore(trx).hold({
        incident,
        integrationId,
        agentId: agentId!,
        level,
        members: split.digest,
        groupLabel: groupLabelOf(incident),
        policy: storm,
        now: at,
      });
      await cards.insertDeliveries(base, unreached);
      return {
        sent: sends.length,
        digested: split.digest,
        digestDue: firstDigestDue,
      };
    });
    if (sent > 0) this.options.kick();
    if (digestDue) this.#kickAt(digestDue);
    if (digested.length > 0) {
      await addToTimeline(provider, logger, incident.id, {
        kind: 'notification',
        message: `${digested.length} member(s) get this incident in their digest message instead of a card of its own: they got ${storm.cardsPerMinute} or more cards in the last minute (or ${storm.cardsPerHour} in the last hour), and WeCom drops messages beyond 30 a minute and 1,000 an hour per member`,
        data: {
          integrationId,
          level,
          digested: digested.map(m => m.entityRef),
          groupLabel: groupLabelOf(incident),
        },
      });
    }
  }

  /**
   * Drains on this replica when a digest it opened is due, rather than at
   * the next scheduled drain (up to 5 s later); the scheduled drain of any
   * replica sends it if this one stops first.
   */
  #kickAt(due: DateTime) {
    const wait = Math.max(0, due.diff(this.options.now()).as('milliseconds'));
    setTimeout(() => this.options.kick(), wait + 5).unref();
  }

  async statusChanged(
    incident: WeComIncident,
    changedBy?: string,
  ): Promise<void> {
    const { knex, now, synchronizer, logger } = this.options;
    const cards = new CardStore(knex);
    await cards.requestSync(incident.id, incident.status, changedBy, now());
    for (const card of await cards.listForIncident(incident.id)) {
      if (!card.syncDueAt || card.sendStatus !== 'sent') continue;
      await synchronizer
        .sync(card.taskId, { changedBy })
        .catch(error =>
          logger.warn(
            `Card ${card.taskId} of incident ${incident.id} could not be updated yet (will retry): ${error}`,
          ),
        );
    }
  }

  /** Every recipient of every card of the incident (`GET /incidents/:id/deliveries`). */
  async notifiedUsers(incidentId: string): Promise<Set<string>> {
    const deliveries = await new CardStore(this.options.knex).listDeliveries(
      incidentId,
    );
    return new Set(deliveries.map(delivery => delivery.entityRef));
  }

  async listDeliveries(incidentId: string): Promise<WeComCardDelivery[]> {
    const deliveries = await new CardStore(this.options.knex).listDeliveries(
      incidentId,
    );
    const digests = await new DigestStore(this.options.knex).ofIncident(
      incidentId,
    );
    if (
      deliveries.length === 0 &&
      !(await this.options.provider.getIncident(incidentId))
    ) {
      throw new NotFoundError(`No incident with id "${incidentId}"`);
    }
    return deliveries.map(delivery => withDigest(delivery, digests));
  }
}

/** A delivery that went (or goes) by digest says which, and what it holds. */
function withDigest(
  delivery: WeComCardDelivery,
  digests: Map<string, DigestOfDelivery>,
): WeComCardDelivery {
  const digest = delivery.taskId ? digests.get(delivery.taskId) : undefined;
  return digest ? { ...delivery, digest } : delivery;
}

/** One card per member, even if a responder set names someone twice. */
function uniqueMembers(recipients: Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter(r => {
    if (seen.has(r.wecomUserId)) return false;
    seen.add(r.wecomUserId);
    return true;
  });
}
