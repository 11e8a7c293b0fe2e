import { LoggerService } from '@backstage/backend-plugin-api';
import { WeComIncident } from 'backstage-plugin-wecom-common';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { EscalationPolicy } from './EscalationPolicy';
import { EscalationTimer, EscalationTimerStore } from './EscalationTimerStore';
import {
  CardSendingDeps,
  sendIncidentCards,
} from '../incidentCards/sendIncidentCards';

// A timer that keeps failing (catalog down, database trouble) is given up
// after this many claims so the run moves on to the next level.
const MAX_CLAIMS = 5;
// One drain works through a backlog in batches, but never forever.
const MAX_BATCHES = 20;

/**
 * Escalation of triggered incidents: re-notifies and escalates on the
 * timers of {@link EscalationPolicy} until someone acknowledges. Timers
 * live in the database; `drain` (a scheduled task, scope global) fires the
 * due ones, each once across replicas.
 */
export class Escalation {
  private readonly workerId = randomUUID();

  constructor(
    private readonly deps: {
      store: EscalationTimerStore;
      policy: EscalationPolicy;
      incidents: Pick<
        WeComIncidentProvider,
        'getIncident' | 'addTimelineEntry'
      >;
      sending: CardSendingDeps;
      logger: LoggerService;
      now?: () => DateTime;
    },
  ) {}

  /**
   * Starts (or restarts) the incident's run from level 0, just notified:
   * its re-notification and level 1 count from now.
   */
  async start(incident: WeComIncident, integrationId: string): Promise<void> {
    const startedAt = this.now();
    await this.deps.store.restart(
      incident.id,
      integrationId,
      startedAt,
      this.deps.policy.first(startedAt),
    );
  }

  /** Stops the incident's run: it was acknowledged, snoozed or closed. */
  async stop(incidentId: string): Promise<void> {
    await this.deps.store.cancel(incidentId);
  }

  /** Fires every due timer this drain can claim; answers how many fired. */
  async drain(): Promise<number> {
    let fired = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const timers = await this.deps.store.claimDue(this.workerId);
      if (timers.length === 0) break;
      for (const timer of timers) {
        if (await this.fire(timer)) fired++;
      }
    }
    return fired;
  }

  private async fire(timer: EscalationTimer): Promise<boolean> {
    const { store, policy, incidents, logger } = this.deps;
    // The status is read again here: another replica may have acknowledged
    // the incident without this process hearing of it.
    const incident = await incidents.getIncident(timer.incidentId);
    if (!incident) {
      await store.finish(timer, 'skipped');
      return false;
    }
    if (incident.status !== 'triggered') {
      await store.finish(timer, 'cancelled');
      return false;
    }
    const next = policy.after(timer, timer.runStartedAt, this.now());
    try {
      await sendIncidentCards(this.deps.sending, {
        incident,
        integrationId: timer.integrationId,
        level: timer.level,
        targets: policy.targets(timer.level),
        kind: 'escalation',
        headline: basis => `${policy.headline(timer)}, notifying ${basis}`,
        data: { round: timer.round },
      });
    } catch (error) {
      const reason = (error as Error).message;
      if (timer.claims < MAX_CLAIMS) {
        // Left claimed: another drain retries it when the claim expires.
        logger.warn(
          `Escalation of incident ${timer.incidentId} (level ${timer.level}) failed, will retry: ${reason}`,
        );
        return false;
      }
      logger.error(
        `Escalation of incident ${timer.incidentId} (level ${timer.level}) failed ${timer.claims} times, moving on: ${reason}`,
      );
      if (await store.finish(timer, 'failed', next)) {
        await incidents.addTimelineEntry(timer.incidentId, {
          kind: 'escalation',
          message: `${policy.headline(timer)} could not be sent: ${reason}`,
          data: { level: timer.level, round: timer.round, failed: true },
        });
      }
      return false;
    }
    await store.finish(timer, 'fired', next);
    return true;
  }

  private now(): DateTime {
    return this.deps.now?.() ?? DateTime.utc();
  }
}
