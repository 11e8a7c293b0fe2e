import { LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import { BotStreamStore } from './BotStreamStore';
import { fitStreamContent } from './fitStreamContent';
import { BotAnswerSink } from './types';

/**
 * Writes a growing answer into its stream row, where any replica answering
 * WeCom's refresh reads it. Partial answers are written at most once per
 * `intervalMs` (the newest text wins; a model emits many small deltas), the
 * final one at once. Writes happen in order, so a partial can never land
 * after the final answer.
 */
export class StreamRowSink implements BotAnswerSink {
  /** The newest text, for a refresh answered by this replica. */
  latest = '';
  finished = false;
  private timer: NodeJS.Timeout | undefined;
  private lastWriteMs = Number.NEGATIVE_INFINITY;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      streamId: string;
      store: BotStreamStore;
      intervalMs: number;
      logger: LoggerService;
      now: () => DateTime;
      /** After the final answer is stored. */
      onFinished?: () => Promise<void>;
    },
  ) {}

  async update(content: string, finish: boolean): Promise<void> {
    if (this.finished) return;
    this.latest = content;
    if (finish) {
      this.finished = true;
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.write(content, true);
      await this.options.onFinished?.();
      return;
    }
    if (this.timer) return; // the scheduled write takes the newest text
    const wait = Math.max(
      0,
      this.lastWriteMs + this.options.intervalMs - Date.now(),
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write(this.latest, false);
    }, wait);
  }

  private write(content: string, finish: boolean): Promise<void> {
    this.writes = this.writes.then(async () => {
      if (!finish && this.finished) return; // the final answer supersedes it
      this.lastWriteMs = Date.now();
      const { store, streamId, logger } = this.options;
      const fitted = fitStreamContent(content);
      // The final answer is worth a second try; a partial one is not.
      for (let attempt = 1; ; attempt++) {
        try {
          await store.write(streamId, fitted, finish, this.options.now());
          return;
        } catch (error) {
          if (!finish || attempt >= 2) {
            logger.warn(
              `Could not store the bot's answer of stream ${streamId}: ${error}`,
            );
            return;
          }
        }
      }
    });
    return this.writes;
  }
}
