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
import { EscalationStart } from '../incidentCards/contracts';
import {
  EscalationPolicySource,
  ScheduleOnCallSource,
  noEscalationPolicies,
  noSchedules,
} from '../oncall/contracts';
import {
  PolicySnapshot,
  firstPolicyStep,
  isPolicyExhausted,
  nextPolicyStep,
  policyExhaustedMessage,
  policyLabel,
  policyStepHeadline,
  snapshotOf,
} from './policyRun';
import { resolveLevelTargets } from './resolveLevelTargets';
import { EscalationStep } from './EscalationPolicy';
import { LevelUnreachableCounter, unreachableWords } from './unreachableLevel';

// A timer that keeps failing (catalog down, database trouble) is given up
// after this many claims so the run moves on to the next level.
const MAX_CLAIMS = 5;
// One drain works through a backlog in batches, but never forever.
const MAX_BATCHES = 20;

/** What one fired step sends, and how the timeline words it. */
interface StepPlan {
  /** Absent: the incident's responders. */
  targets?: string[];
  headline: (basis: string) => string;
}

/**
 * Escalation of triggered incidents: re-notifies and escalates until
 * someone acknowledges, on the timers of the incident's stored escalation
 * policy (snapshotted when the run starts) or, without one, of
 * {@link EscalationPolicy} (`wecom.escalation`). Timers live in the
 * database; `drain` (a scheduled task, scope global) fires the due ones,
 * each once across replicas.
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
      /** Which stored policy an incident's entity uses; none: `policy` only. */
      policies?: EscalationPolicySource;
      /** Who is on call in a policy's schedule targets. */
      schedules?: Pick<ScheduleOnCallSource, 'describe' | 'onCallAt'>;
      /** `wecom.escalation.level_unreachable`: levels that reached nobody. */
      levelUnreachable?: LevelUnreachableCounter;
      now?: () => DateTime;
    },
  ) {}

  /**
   * Starts (or restarts) the incident's run from level 0, just notified:
   * what follows counts from now. With a stored policy for the incident's
   * entity, the run keeps a snapshot of it, and an incident without
   * responders of its own is told to notify the policy's first level.
   */
  async start(
    incident: WeComIncident,
    integrationId: string,
  ): Promise<EscalationStart> {
    const startedAt = this.now();
    const stored = await this.storedPolicyFor(incident);
    if (!stored) {
      const first = this.deps.policy.first(startedAt);
      await this.deps.store.restart(
        incident.id,
        integrationId,
        startedAt,
        (await this.pastUnreachableStart(incident, integrationId, {
          first: first && this.deps.policy.nextLevel({ level: 0 }, startedAt),
        })) ?? first,
      );
      return {};
    }
    const policy = snapshotOf(stored);
    await this.deps.store.restart(
      incident.id,
      integrationId,
      startedAt,
      firstPolicyStep(policy, startedAt),
      policy,
    );
    // The run is stored before the timeline is written: it escalates even
    // when the timeline cannot be.
    const start = await this.announce(incident, policy, startedAt);
    const movedOn = await this.pastUnreachableStart(incident, integrationId, {
      first: firstPolicyStep(policy, startedAt),
      policy,
      targets: start.firstTargets,
    });
    if (movedOn) {
      await this.deps.store.restart(
        incident.id,
        integrationId,
        startedAt,
        movedOn,
        policy,
      );
    }
    return start;
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

  /** The entity's stored policy; any trouble finding it means the default. */
  private async storedPolicyFor(incident: WeComIncident) {
    if (!incident.entityRef) return undefined;
    const source = this.deps.policies ?? noEscalationPolicies;
    try {
      return await source.policyForEntity(incident.entityRef);
    } catch (error) {
      this.deps.logger.warn(
        `Could not find the escalation policy of ${
          incident.entityRef
        } for incident ${incident.id}, using wecom.escalation: ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
  }

  /**
   * Says on the timeline which policy the run keeps, and answers whom the
   * first notification goes to when the incident has no responders.
   */
  private async announce(
    incident: WeComIncident,
    policy: PolicySnapshot,
    at: DateTime,
  ): Promise<EscalationStart> {
    const label = policyLabel(policy);
    let start: EscalationStart = {};
    let how = `; level 1 is the incident's responders`;
    if (incident.responders.length === 0) {
      const level = await resolveLevelTargets(
        policy.levels[0],
        this.deps.schedules ?? noSchedules,
        at,
      );
      const notes = level.notes.length ? ` (${level.notes.join('; ')})` : '';
      if (level.refs.length > 0) {
        start = {
          firstTargets: level.refs,
          firstBasis: `level 1 of ${label}: ${level.basis}${notes}`,
        };
        how = '';
      } else {
        how = `; level 1 has nobody to notify now${notes}, so the incident's default responders are notified`;
      }
    }
    await this.deps.incidents.addTimelineEntry(incident.id, {
      kind: 'escalation',
      message: `Escalating with ${label}${how}`,
      data: { policyId: policy.id, policyVersion: policy.version },
    });
    return start;
  }

  /** The last step of a stored policy's run: the timeline says it ran out. */
  private async ranOut(timer: EscalationTimer, policy: PolicySnapshot) {
    if (await this.deps.store.finish(timer, 'fired')) {
      await this.deps.incidents.addTimelineEntry(timer.incidentId, {
        kind: 'escalation',
        message: policyExhaustedMessage(policy),
        data: { policyId: policy.id, exhausted: true },
      });
    }
  }

  /**
   * What a stored policy's step sends, its targets resolved now; undefined
   * when the level has nobody to notify (the timeline says why).
   */
  private async policyStep(
    timer: EscalationTimer,
    policy: PolicySnapshot,
    title: string,
  ): Promise<StepPlan | undefined> {
    const level = await resolveLevelTargets(
      policy.levels[timer.level],
      this.deps.schedules ?? noSchedules,
      this.now(),
    );
    const notes = level.notes.length ? ` (${level.notes.join('; ')})` : '';
    if (level.refs.length === 0) {
      await this.deps.incidents.addTimelineEntry(timer.incidentId, {
        kind: 'escalation',
        message: `${title}: nobody to notify${notes}`,
        data: { level: timer.level, round: timer.round, policyId: policy.id },
      });
      return undefined;
    }
    return {
      targets: level.refs,
      headline: () => `${title}, notifying ${level.basis}${notes}`,
    };
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
    const stored = timer.policy;
    if (stored && isPolicyExhausted(stored, timer)) {
      await this.ranOut(timer, stored);
      return false;
    }
    const next = stored
      ? nextPolicyStep(stored, timer, timer.runStartedAt)
      : policy.after(timer, timer.runStartedAt, this.now());
    const title = stored
      ? policyStepHeadline(stored, timer)
      : policy.headline(timer);
    let reachedNobody = false;
    try {
      const plan: StepPlan | undefined = stored
        ? await this.policyStep(timer, stored, title)
        : {
            targets: policy.targets(timer.level),
            headline: basis => `${title}, notifying ${basis}`,
          };
      if (!plan) {
        await store.finish(
          timer,
          'skipped',
          await this.movedOn(timer, stored, next),
        );
        return false;
      }
      const reached = await sendIncidentCards(this.deps.sending, {
        incident,
        integrationId: timer.integrationId,
        level: timer.level,
        targets: plan.targets,
        kind: 'escalation',
        headline: plan.headline,
        data: {
          round: timer.round,
          ...(stored
            ? { policyId: stored.id, policyVersion: stored.version }
            : {}),
        },
      });
      reachedNobody = reached.recipients.length === 0;
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
          message: `${title} could not be sent: ${reason}`,
          data: { level: timer.level, round: timer.round, failed: true },
        });
      }
      return false;
    }
    await store.finish(
      timer,
      'fired',
      reachedNobody ? await this.movedOn(timer, stored, next) : next,
    );
    return true;
  }

  /**
   * Level 0's people, resolved as the first notification will resolve them
   * (`targets` absent: the incident's responders, else who is on call):
   * when nobody of them can get a card, the run moves on now and answers
   * the step brought forward. Undefined when someone is reached, or when
   * that cannot be told (the run keeps its usual timing then).
   */
  private async pastUnreachableStart(
    incident: WeComIncident,
    integrationId: string,
    options: {
      first: EscalationStep | undefined;
      policy?: PolicySnapshot;
      targets?: string[];
    },
  ): Promise<EscalationStep | undefined> {
    // Only a later level comes forward (see movedOn).
    if (!options.first || options.first.level === 0) return undefined;
    try {
      const level0 = await this.deps.sending.resolver.resolve(
        incident,
        integrationId,
        options.targets,
      );
      if (level0.recipients.length > 0) return undefined;
    } catch {
      return undefined;
    }
    return this.bringForward(
      incident.id,
      { level: 0, round: 0 },
      options.first,
      options.policy,
    );
  }

  /**
   * The step after a level that reached nobody: the next level of the same
   * pass, due now (for `wecom.escalation`, rather than a re-notification
   * of this one); anything else at its usual time. Later steps keep the
   * run's clock, so the level moved to gets at least its own delay.
   */
  private async movedOn(
    timer: EscalationTimer,
    stored: PolicySnapshot | undefined,
    next: EscalationStep | undefined,
  ): Promise<EscalationStep | undefined> {
    const target = stored
      ? next
      : this.deps.policy.nextLevel(timer, timer.runStartedAt);
    // Only a later level of the same pass comes forward. A re-notification
    // of this level, or a stored policy's next repeat, keeps its time:
    // brought forward, a run nobody can receive would fire again at once,
    // forever, or spend all its repeats in seconds.
    const laterLevel =
      target !== undefined &&
      target.level > timer.level &&
      (!stored || target.round === timer.round);
    if (!laterLevel) return next;
    return this.bringForward(timer.incidentId, timer, target, stored);
  }

  /** Logs, counts and records on the timeline that `next` is due now. */
  private async bringForward(
    incidentId: string,
    fired: Pick<EscalationStep, 'level' | 'round'>,
    next: EscalationStep,
    policy: PolicySnapshot | undefined,
  ): Promise<EscalationStep> {
    const now = this.now();
    if (next.dueAt <= now) return next;
    const words = unreachableWords({
      fired,
      next,
      policy,
      waitedMinutes: next.dueAt.diff(now, 'minutes').minutes,
    });
    this.deps.logger.warn(`Escalation of incident ${incidentId}: ${words.log}`);
    this.deps.levelUnreachable?.add(1, {
      policy: policy ? 'stored' : 'config',
    });
    // Cards may have gone out already: a timeline that cannot be written
    // must not make the level fire again, nor keep the next one waiting.
    try {
      await this.deps.incidents.addTimelineEntry(incidentId, {
        kind: 'escalation',
        message: words.timeline,
        data: {
          level: fired.level,
          round: fired.round,
          unreachable: true,
          ...(policy ? { policyId: policy.id } : {}),
        },
      });
    } catch (error) {
      this.deps.logger.warn(
        `Could not record on incident ${incidentId}'s timeline that escalation moved on: ${
          (error as Error).message
        }`,
      );
    }
    return { ...next, dueAt: now };
  }

  private now(): DateTime {
    return this.deps.now?.() ?? DateTime.utc();
  }
}
