import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  WeComCardDelivery,
  WeComIncident,
} from 'backstage-plugin-wecom-common';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { CardDelivery, CardRenderer } from '../contracts';
import { CardStore, NewDelivery } from './CardStore';
import { CardSynchronizer } from './CardSynchronizer';
import { Clock, DeliveryTargets, addToTimeline } from './deliveryDeps';
import { OutboxStore } from './OutboxStore';
import { MAX_RECIPIENTS_PER_SEND } from './policy';
import { buildSendBody, chunk, newTaskId } from './sendBody';
import { Recipient, RecipientSet } from '../../recipients/types';

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

    // Rendered before the transaction: a template may be slow, rows are not.
    const sends: Array<{ taskId: string; members: Recipient[]; body: string }> =
      [];
    for (const [part, members] of chunk(
      recipients,
      MAX_RECIPIENTS_PER_SEND,
    ).entries()) {
      const taskId = newTaskId(incident.id, level, part);
      const rendered = await renderer.renderIncidentCard({
        incident,
        integrationId,
        taskId,
      });
      if (rendered.warnings.length > 0) {
        logger.info(
          `Card of incident ${incident.id}: ${rendered.warnings.join('; ')}`,
        );
      }
      sends.push({
        taskId,
        members,
        body: buildSendBody({
          agentId: agentId!,
          userIds: members.map(m => m.wecomUserId),
          card: rendered.card,
        }),
      });
    }

    await knex.transaction(async trx => {
      const outbox = new OutboxStore(trx);
      const cards = new CardStore(trx);
      const at = now();
      const base = { incidentId: incident.id, integrationId, level, now: at };
      for (const send of sends) {
        await outbox.insert({
          ...send,
          integrationId,
          incidentId: incident.id,
          now: at,
        });
        await cards.insertCard({
          ...base,
          taskId: send.taskId,
          recipients: send.members.map(m => m.wecomUserId),
          shownStatus: incident.status,
        });
        await cards.insertDeliveries(
          { ...base, taskId: send.taskId },
          send.members.map(m => ({
            entityRef: m.entityRef,
            wecomUserId: m.wecomUserId,
            status: 'pending' as const,
          })),
        );
      }
      await cards.insertDeliveries(base, unreached);
    });
    if (sends.length > 0) this.options.kick();
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
    if (
      deliveries.length === 0 &&
      !(await this.options.provider.getIncident(incidentId))
    ) {
      throw new NotFoundError(`No incident with id "${incidentId}"`);
    }
    return deliveries;
  }
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
