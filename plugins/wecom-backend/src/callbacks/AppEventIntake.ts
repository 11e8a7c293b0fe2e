import { LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import { IntegrationStateStore } from '../integrations/IntegrationStateStore';
import { CallbackDispatcher } from './CallbackDispatcher';
import { appEventDedupKey, parseAppEvent } from './parseAppEvent';
import { refuseOnBadInput as guard } from './refusals';

// "Last callback" feeds the health check, where a few seconds do not
// matter; written on every callback it would be one more database write
// per request under load.
const MARK_RECEIVED_EVERY_MS = 5_000;

/**
 * Where a verified, decrypted app event goes, whichever URL it came in on:
 * a custom app's callback or a third-party suite's data callback. Parses it
 * for the integration, notes that the integration hears from WeCom, and
 * queues it once (WeCom's retries de-duplicate on the event's key).
 */
export class AppEventIntake {
  private readonly lastMarked = new Map<string, number>();

  constructor(
    private readonly options: {
      state: IntegrationStateStore;
      dispatcher: CallbackDispatcher;
      logger: LoggerService;
      now?: () => DateTime;
    },
  ) {}

  /** Queues the decrypted inner XML (parsed) as the integration's event. */
  async accept(
    integrationId: string,
    inner: Record<string, unknown>,
  ): Promise<void> {
    const event = guard(() => parseAppEvent(integrationId, inner));
    await this.markReceived(integrationId);
    const queued = await this.options.dispatcher.enqueueAppEvent(
      event,
      appEventDedupKey(event),
    );
    if (!queued) {
      this.options.logger.debug(
        `Ignoring a repeated WeCom ${event.type} callback for ${integrationId}`,
      );
    }
  }

  /** Records that WeCom reached the integration (at most every 5 s). */
  async markReceived(integrationId: string): Promise<void> {
    const now = this.options.now?.().toMillis() ?? Date.now();
    const last = this.lastMarked.get(integrationId);
    if (last !== undefined && now - last < MARK_RECEIVED_EVERY_MS) return;
    this.lastMarked.set(integrationId, now);
    await this.options.state.markReceived(integrationId);
  }
}
