import { LoggerService } from '@backstage/backend-plugin-api';
import type { WSClient, WsFrame } from '@wecom/aibot-node-sdk';
import { fitStreamContent } from '../fitStreamContent';
import { BotAnswerSink } from '../types';
import { aibotSdk } from './sdk';
import { describeSdkError } from './sdkErrors';

/**
 * Streams one answer over the long connection as `aibot_respond_msg`
 * frames on the user's message (`replyStream`). Updates come faster than
 * WeCom needs them, so at most one goes out per `throttleMs` (each waits
 * for WeCom's ack); in-between ones collapse into the latest, and the
 * final one always goes out, last. Never throws: a failed reply is logged,
 * and a failed final one goes to `onFinalFailed` (e.g. an active message).
 */
export class WebSocketAnswerSink implements BotAnswerSink {
  readonly streamId = aibotSdk().generateReqId('stream');
  #latest = '';
  #dirty = false;
  #finished = false;
  #delivered = false;
  #sent = 0;
  #lastSentAt = Number.NEGATIVE_INFINITY;
  #pump?: Promise<void>;
  #wake?: () => void;
  #sleep?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly options: {
      client: Pick<WSClient, 'replyStream'>;
      frame: WsFrame;
      throttleMs: number;
      logger: LoggerService;
      onFinalFailed?: (content: string) => Promise<void>;
    },
  ) {}

  /** True once any update, the final one included, has been asked for. */
  get started(): boolean {
    return this.#sent > 0 || this.#dirty || this.#finished;
  }

  get finished(): boolean {
    return this.#finished;
  }

  /** True once the final answer reached WeCom (on the stream or otherwise). */
  get delivered(): boolean {
    return this.#delivered;
  }

  async update(content: string, finish: boolean): Promise<void> {
    if (this.#finished) return;
    this.#latest = fitStreamContent(content);
    if (!finish) {
      this.#dirty = true;
      this.#kick();
      return;
    }
    this.#finished = true;
    // Cut a throttle wait short; an update already on its way goes first.
    if (this.#sleep) clearTimeout(this.#sleep);
    this.#wake?.();
    await this.#pump;
    if (await this.#send(this.#latest, true)) {
      this.#delivered = true;
    } else if (this.options.onFinalFailed) {
      await this.options
        .onFinalFailed(this.#latest)
        .then(() => {
          this.#delivered = true;
        })
        .catch(error =>
          this.options.logger.warn(
            `Could not deliver the bot's answer another way either: ${describeSdkError(
              error,
            )}`,
          ),
        );
    }
  }

  #kick() {
    if (this.#pump) return;
    this.#pump = this.#drain().finally(() => {
      this.#pump = undefined;
      // An update that came in as the drain ended.
      if (this.#dirty && !this.#finished) this.#kick();
    });
  }

  async #drain(): Promise<void> {
    while (this.#dirty && !this.#finished) {
      const wait = this.#lastSentAt + this.options.throttleMs - Date.now();
      if (wait > 0) {
        await new Promise<void>(resolve => {
          this.#wake = resolve;
          this.#sleep = setTimeout(resolve, wait);
        });
        this.#wake = undefined;
        this.#sleep = undefined;
        if (this.#finished) return;
      }
      this.#dirty = false;
      this.#lastSentAt = Date.now();
      await this.#send(this.#latest, false);
    }
  }

  async #send(content: string, finish: boolean): Promise<boolean> {
    this.#sent += 1;
    try {
      await this.options.client.replyStream(
        this.options.frame,
        this.streamId,
        content,
        finish,
      );
      return true;
    } catch (error) {
      this.options.logger.warn(
        `WeCom did not take the bot's ${
          finish ? 'final' : 'streamed'
        } answer over the long connection: ${describeSdkError(error)}`,
      );
      return false;
    }
  }
}
