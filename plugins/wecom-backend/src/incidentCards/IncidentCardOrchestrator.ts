import { LoggerService } from '@backstage/backend-plugin-api';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import {
  WeComIncidentChange,
  WeComIncidentProvider,
} from 'backstage-plugin-wecom-node';
import { IntegrationService } from '../integrations/IntegrationService';
import { CardDelivery, EscalationRuns } from './contracts';
import { chooseIntegration } from './chooseIntegration';
import { sendIncidentCards } from './sendIncidentCards';
import { RecipientResolver } from '../recipients/types';

/**
 * Turns incident changes into WeCom cards: a new incident notifies its
 * responders (level 0) and starts escalation; a status change updates every
 * card and stops escalation, or restarts it when the incident is triggered
 * again (reopened, or woken from snooze). Every outcome lands on the
 * incident's timeline; failures never reach the provider.
 */
export class IncidentCardOrchestrator {
  constructor(
    private readonly deps: {
      incidents: Pick<WeComIncidentProvider, 'subscribe' | 'addTimelineEntry'>;
      resolver: RecipientResolver;
      delivery: CardDelivery;
      escalation: EscalationRuns;
      integrations: Pick<IntegrationService, 'list'>;
      /** `wecom.notifications.integration` */
      configuredIntegration?: string;
      /** A person's display name for "changed by" on cards; the actor itself when unknown. */
      actorName?: (actor: string) => Promise<string | undefined>;
      logger: LoggerService;
    },
  ) {}

  /** Listens to the provider; answers the function that stops listening. */
  start(): () => void {
    return this.deps.incidents.subscribe(change => this.handle(change));
  }

  /** Handles one change; logs and records failures instead of throwing. */
  async handle(change: WeComIncidentChange): Promise<void> {
    if (change.type === 'created') {
      await this.created(change.incident);
    } else if (change.type === 'transitioned') {
      await this.transitioned(change);
    } else if (change.type === 'updated' && change.previousResponders) {
      await this.respondersChanged(change.incident);
    }
  }

  /**
   * New responders of an open incident get its card too (level 0); people
   * who already have one are not paged again.
   */
  private async respondersChanged(incident: WeComIncident) {
    if (incident.status === 'closed') return;
    const integrationId = await this.integrationFor(incident);
    if (!integrationId) return;
    await this.guard(incident, 'send the cards', async () =>
      sendIncidentCards(this.deps, {
        incident,
        integrationId,
        level: 0,
        kind: 'notification',
        skip: await this.deps.delivery.notifiedUsers(incident.id),
        headline: basis => `Notified the new responders (${basis})`,
      }),
    );
  }

  private async created(incident: WeComIncident) {
    const integrationId = await this.integrationFor(incident);
    if (!integrationId) return;
    // The run starts first: the incident's escalation policy may say who
    // level 0 is. It runs even when the first send fails: it retries the
    // people; when it cannot start, the responders are notified as ever.
    const run =
      incident.status === 'triggered'
        ? await this.guard(incident, 'start escalation', () =>
            this.deps.escalation.start(incident, integrationId),
          )
        : undefined;
    await this.guard(incident, 'send the cards', () =>
      sendIncidentCards(this.deps, {
        incident,
        integrationId,
        level: 0,
        kind: 'notification',
        targets: run?.firstTargets,
        headline: basis => `Notified ${run?.firstBasis ?? basis}`,
      }),
    );
  }

  private async transitioned(change: WeComIncidentChange) {
    const { incident } = change;
    if (incident.status === 'triggered') {
      const integrationId = await this.integrationFor(incident);
      if (integrationId) {
        await this.guard(incident, 'restart escalation', () =>
          this.deps.escalation.start(incident, integrationId),
        );
      }
    } else {
      await this.guard(incident, 'stop escalation', () =>
        this.deps.escalation.stop(incident.id),
      );
    }
    await this.guard(incident, 'update the cards', async () =>
      this.deps.delivery.statusChanged(
        incident,
        change.actor ? await this.nameOf(change.actor) : undefined,
      ),
    );
  }

  /** The sending integration; when there is none, the timeline says why. */
  private async integrationFor(
    incident: WeComIncident,
  ): Promise<string | undefined> {
    const choice = await this.guard(incident, 'choose the integration', () =>
      chooseIntegration(
        this.deps.integrations,
        this.deps.configuredIntegration,
      ),
    );
    if (!choice) return undefined;
    if ('problem' in choice) {
      await this.record(incident, `No WeCom cards sent: ${choice.problem}`);
      return undefined;
    }
    return choice.integrationId;
  }

  private async nameOf(actor: string): Promise<string> {
    try {
      return (await this.deps.actorName?.(actor)) ?? actor;
    } catch {
      return actor;
    }
  }

  /** Runs one step; a failure is logged and put on the timeline. */
  private async guard<T>(
    incident: WeComIncident,
    what: string,
    fn: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      const reason = (error as Error).message;
      this.deps.logger.error(
        `Could not ${what} for incident ${incident.id}: ${reason}`,
      );
      await this.record(incident, `Could not ${what}: ${reason}`);
      return undefined;
    }
  }

  private async record(incident: WeComIncident, message: string) {
    try {
      await this.deps.incidents.addTimelineEntry(incident.id, {
        kind: 'notification',
        message,
      });
    } catch (error) {
      this.deps.logger.error(
        `Could not add to the timeline of incident ${incident.id}: ${
          (error as Error).message
        }`,
      );
    }
  }
}
