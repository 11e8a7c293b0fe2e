import { DateTime } from 'luxon';
import { EscalationConfig } from './config';

/** One notification of an escalation run: a level, and which repeat of it. */
export interface EscalationStep {
  /** 0 = the responders; 1.. = `wecom.escalation.levels[level - 1]`. */
  level: number;
  /** 0 = the level's first notification; n = its nth re-notification. */
  round: number;
  dueAt: DateTime;
}

/**
 * The timing rules of `wecom.escalation`, with no I/O: which notification
 * comes after which, and when. Levels count from when the incident was
 * (re)triggered; re-notifications repeat the current level every
 * `renotifyMinutes` until the next level is due.
 */
export class EscalationPolicy {
  constructor(private readonly config: EscalationConfig) {}

  /** The first timer of a run whose level-0 notification went out at `startedAt`. */
  first(startedAt: DateTime): EscalationStep | undefined {
    return this.after(
      { level: 0, round: 0, dueAt: startedAt },
      startedAt,
      startedAt,
    );
  }

  /** The timer after `fired`, or undefined when nothing more is due. */
  after(
    fired: EscalationStep,
    runStartedAt: DateTime,
    now: DateTime,
  ): EscalationStep | undefined {
    const nextLevel = this.config.levels[fired.level];
    const levelDue = nextLevel
      ? runStartedAt.plus({ minutes: nextLevel.afterMinutes })
      : undefined;
    const renotifyDue = this.nextRenotify(fired.dueAt, now);
    if (renotifyDue && (!levelDue || renotifyDue < levelDue)) {
      return { level: fired.level, round: fired.round + 1, dueAt: renotifyDue };
    }
    return levelDue
      ? { level: fired.level + 1, round: 0, dueAt: levelDue }
      : undefined;
  }

  /**
   * The next level's first notification at its usual time, skipping the
   * re-notifications of `fired`'s level; undefined after the last level.
   */
  nextLevel(
    fired: Pick<EscalationStep, 'level'>,
    runStartedAt: DateTime,
  ): EscalationStep | undefined {
    const nextLevel = this.config.levels[fired.level];
    return nextLevel
      ? {
          level: fired.level + 1,
          round: 0,
          dueAt: runStartedAt.plus({ minutes: nextLevel.afterMinutes }),
        }
      : undefined;
  }

  /** Who a level notifies: undefined for level 0 (the incident's responders). */
  targets(level: number): string[] | undefined {
    return level === 0 ? undefined : this.config.levels[level - 1]?.targets;
  }

  /** The timeline's words for a step, e.g. `Escalated to level 1 (15 minutes unacknowledged)`. */
  headline(step: Pick<EscalationStep, 'level' | 'round'>): string {
    const who = step.level === 0 ? 'the responders' : `level ${step.level}`;
    if (step.round > 0) {
      return `Re-notified ${who} (repeat ${step.round}, still unacknowledged)`;
    }
    const after = this.config.levels[step.level - 1]?.afterMinutes;
    return `Escalated to level ${step.level} (${after} minutes unacknowledged)`;
  }

  /**
   * The next re-notification on the grid of `lastDue`; repeats missed while
   * nothing ran (an outage) are skipped rather than sent in a burst.
   */
  private nextRenotify(lastDue: DateTime, now: DateTime): DateTime | undefined {
    const every = this.config.renotifyMinutes;
    if (!(every > 0)) return undefined;
    const behind = now.diff(lastDue, 'minutes').minutes;
    const periods = Math.max(1, Math.floor(behind / every) + 1);
    return lastDue.plus({ minutes: every * periods });
  }
}
