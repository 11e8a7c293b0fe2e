import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WeComAppEvent,
  WeComAppEventHandler,
  WeComBotMessage,
  WeComBotMessageHandler,
  WeComBotReply,
} from 'backstage-plugin-wecom-node';
import { randomUUID } from 'node:crypto';
import { CallbackJob, CallbackJobQueue } from './CallbackJobQueue';

const MAX_ATTEMPTS = 8;

/**
 * Holds the handlers other areas register and runs queued app events
 * through them. Bot messages are answered in the request (WeCom's stream
 * protocol is synchronous); app events go through the durable queue.
 */
export class CallbackDispatcher {
  private readonly appHandlers: WeComAppEventHandler[] = [];
  private readonly botHandlers: WeComBotMessageHandler[] = [];
  private readonly workerId = `wecom-${randomUUID()}`;
  private draining: Promise<void> | undefined;
  private drainAgain = false;
  private stopped = false;

  constructor(
    private readonly queue: CallbackJobQueue,
    private readonly logger: LoggerService,
  ) {}

  addAppEventHandler(...handlers: WeComAppEventHandler[]) {
    this.appHandlers.push(...handlers);
  }

  addBotMessageHandler(...handlers: WeComBotMessageHandler[]) {
    this.botHandlers.push(...handlers);
  }

  /** Queues an app event and starts handling it right away on this replica. */
  async enqueueAppEvent(event: WeComAppEvent): Promise<void> {
    await this.queue.enqueue(event.integrationId, event.type, event);
    this.kick();
  }

  async answerBotMessage(
    message: WeComBotMessage,
  ): Promise<WeComBotReply | undefined> {
    for (const handler of this.botHandlers) {
      const reply = await handler.handle(message);
      if (reply) return reply;
    }
    return undefined;
  }

  /** Drains due jobs; overlapping calls fold into one more pass. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    this.draining = this.drain()
      .catch(error =>
        this.logger.error(`WeCom callback queue failed: ${error}`),
      )
      .finally(() => {
        this.draining = undefined;
        if (this.drainAgain) {
          this.drainAgain = false;
          void this.kick();
        }
      });
    return this.draining;
  }

  stop() {
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const jobs = await this.queue.claim(this.workerId);
      if (jobs.length === 0) return;
      for (const job of jobs) await this.run(job);
    }
  }

  private async run(job: CallbackJob) {
    const event = job.payload as WeComAppEvent;
    const handlers = this.appHandlers.filter(
      h => h.types === '*' || h.types.includes(event.type),
    );
    try {
      for (const handler of handlers) await handler.handle(event);
      await this.queue.complete(job.id);
    } catch (error) {
      const outcome = await this.queue.fail(job, String(error), MAX_ATTEMPTS);
      this.logger.warn(
        `WeCom ${event.type} callback for integration ${job.integrationId} failed (attempt ${job.attempts}, ${outcome}): ${error}`,
      );
    }
  }
}
