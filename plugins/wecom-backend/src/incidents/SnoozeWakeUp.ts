import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { DatabaseIncidentProvider } from './DatabaseIncidentProvider';

/**
 * Ends snoozes: every half minute, incidents snoozed past `snoozedUntil`
 * go back to `triggered`. Scope `global`: one replica runs it at a time,
 * so a wake-up is recorded (and notified) once.
 */
export class SnoozeWakeUp {
  constructor(
    private readonly provider: DatabaseIncidentProvider,
    private readonly logger: LoggerService,
  ) {}

  async start(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: 'wecom-incident-snooze-wake-up',
      frequency: { seconds: 30 },
      timeout: { minutes: 5 },
      scope: 'global',
      fn: () => this.run(),
    });
  }

  async run(): Promise<void> {
    const woken = await this.provider.wakeDueSnoozes();
    if (woken.length) {
      this.logger.info(
        `Woke ${woken.length} snoozed incident(s): ${woken
          .map(incident => incident.id)
          .join(', ')}`,
      );
    }
  }
}
