import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WeComAppEvent,
  WeComAppEventHandler,
  WeComBotMessage,
  WeComBotMessageHandler,
  WeComBotReply,
} from 'backstage-plugin-wecom-node';
import { Duration } from 'luxon';
import { randomUUID } from 'node:crypto';
import { CallbackJob, CallbackJobQueue } from './CallbackJobQueue';
import { ClaimedBatch } from './ClaimedBatch';

const MAX_ATTEMPTS = 8;
/** Jobs run (and marked done) per round trip. */
const CLAIM_BATCH = 20;
/** How often the claims of a running batch are extended. */
const HEARTBEAT_EVERY = Duration.fromObject({ minutes: 1 });

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
    private readonly options: { heartbeatEvery?: Duration } = {},
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

  /**
   * Runs jobs in order; the finished ones are marked done together. Each
   * job runs only while this replica still holds its claim: the claims are
   * renewed before the first job and kept alive while the batch runs, and
   * a job whose claim expired and was taken by another replica (this one
   * fell behind, or stood still) is left to that replica.
   */
  private async runAll(jobs: CallbackJob[]) {
    const batch = new ClaimedBatch(this.queue, jobs);
    const heartbeat = setInterval(
      () =>
        void batch
          .renew()
          .catch(error =>
            this.logger.warn(`Could not renew WeCom callback claims: ${error}`),
          ),
      (this.options.heartbeatEvery ?? HEARTBEAT_EVERY).toMillis(),
    );
    heartbeat.unref?.();
    const done: CallbackJob[] = [];
    try {
      await batch.renew();
      for (const job of jobs) {
        if (!(await batch.stillHeld(job))) {
          this.logger.info(
            `WeCom ${job.eventType} callback job ${job.id} was taken over by another replica; not running it here`,
          );
          continue;
        }
        if (await this.run(job)) done.push(job);
      }
    } finally {
      clearInterval(heartbeat);
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
      if (outcome === 'lost') {
        this.logger.warn(
          `WeCom ${event.type} callback for integration ${job.integrationId} failed after another replica took it over; its outcome stands: ${error}`,
        );
        return false;
      }
      this.logger.warn(
        `WeCom ${event.type} callback for integration ${job.integrationId} failed (attempt ${job.attempts}, ${outcome}): ${error}`,
      );
      return false;
    }
  }
}
