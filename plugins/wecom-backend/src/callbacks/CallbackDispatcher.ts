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
/** Jobs run (and marked done) per round trip. */
const CLAIM_BATCH = 20;

/**
 * Holds the handlers other areas register and runs queued app events
 * through them. Bot messages are answered in the request (WeCom's stream
 * protocol is synchronous); app events go through the durable queue.
 */
export class CallbackDispatcher {
  private readonly appHandlers: WeComAppEventHandler[] = [];
  private readonly botHandlers: WeComBotMessageHandler[] = [];
  private readonly workerId = `wecom-${randomUUID()}`;
  /** Jobs this replica claimed when it queued them, to run next. */
  private readonly ready: CallbackJob[] = [];
  private running: Promise<void> | undefined;
  private claimRequested = false;
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

  /**
   * Queues an app event, claimed by this replica, which handles it next:
   * WeCom is answered once the job is stored, and handlers run afterwards.
   * False when an event with the same key was queued before (a retry, or
   * the same callback on another replica): nothing is queued then.
   */
  async enqueueAppEvent(
    event: WeComAppEvent,
    dedupKey: string,
  ): Promise<boolean> {
    const job = await this.queue.enqueueClaimedOnce(
      dedupKey,
      this.workerId,
      event.integrationId,
      event.type,
      event,
    );
    if (!job) return false;
    this.ready.push(job);
    void this.start();
    return true;
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

  /**
   * Runs the jobs this replica holds, then claims due jobs from the queue
   * (retries, and jobs of a replica that died). Overlapping calls fold into
   * the running pass, which does not end before the work they asked for.
   */
  kick(): Promise<void> {
    this.claimRequested = true;
    return this.start();
  }

  stop() {
    this.stopped = true;
  }

  private start(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.work()
      .catch(error =>
        this.logger.error(`WeCom callback queue failed: ${error}`),
      )
      .finally(() => {
        this.running = undefined;
        // Work that arrived while the pass was ending.
        if (this.ready.length > 0 || this.claimRequested) void this.start();
      });
    return this.running;
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      if (this.ready.length > 0) {
        await this.runAll(this.ready.splice(0, CLAIM_BATCH));
      } else if (this.claimRequested) {
        this.claimRequested = false;
        for (;;) {
          const jobs = await this.queue.claim(this.workerId, CLAIM_BATCH);
          if (jobs.length === 0) break;
          await this.runAll(jobs);
        }
      } else {
        return;
      }
    }
  }

  /** Runs jobs in order; the finished ones are marked done together. */
  private async runAll(jobs: CallbackJob[]) {
    const done: number[] = [];
    try {
      for (const job of jobs) {
        if (await this.run(job)) done.push(job.id);
      }
    } finally {
      await this.queue.completeMany(done);
    }
  }

  /** Runs one job's handlers; true when all succeeded. */
  private async run(job: CallbackJob): Promise<boolean> {
    const event = job.payload as WeComAppEvent;
    const handlers = this.appHandlers.filter(
      h => h.types === '*' || h.types.includes(event.type),
    );
    try {
      for (const handler of handlers) await handler.handle(event);
      return true;
    } catch (error) {
      const outcome = await this.queue.fail(job, String(error), MAX_ATTEMPTS);
      this.logger.warn(
        `WeCom ${event.type} callback for integration ${job.integrationId} failed (attempt ${job.attempts}, ${outcome}): ${error}`,
      );
      return false;
    }
  }
}
