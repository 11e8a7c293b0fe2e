import { LoggerService } from '@backstage/backend-plugin-api';
import type { WSClient, WsFrame } from '@wecom/aibot-node-sdk';
import { CallbackReceiptStore } from '../../../callbacks/CallbackReceiptStore';
import { THINKING, welcomeText } from '../botTexts';
import { BotAnswerSink, BotConversation, BotInboundMessage } from '../types';
import { toInboundMessage } from './frames';
import { describeSdkError } from './sdkErrors';
import { WebSocketAnswerSink } from './WebSocketAnswerSink';

/** What the transport needs of the SDK's client. */
export type BotWsClient = Pick<
  WSClient,
  'on' | 'replyStream' | 'replyWelcome' | 'sendMessage'
>;

const NO_ANSWER = 'Sorry, no answer came out of that; please ask again.';

/** Timings; the defaults suit WeCom, tests shorten them. */
export interface LongConnectionTransportTiming {
  /** At most one streamed update per this many ms (default 500). */
  throttleMs?: number;
  /** A "Thinking…" update when nothing was said after this (default 1000). */
  thinkingAfterMs?: number;
  /** WeCom takes a welcome within 5 s of enter_chat (default 3000). */
  welcomeTimeoutMs?: number;
}

/** Keeps the final text of an answer (a welcome is one message, not a stream). */
class FinalTextSink implements BotAnswerSink {
  text?: string;

  async update(content: string, finish: boolean): Promise<void> {
    if (finish && content.trim()) this.text = content;
  }
}

/**
 * The long connection's side of the bot: turns WeCom's frames into
 * {@link BotInboundMessage}s for the one {@link BotConversation}, and its
 * answers into stream replies on the same socket. Each message is answered
 * once across retries and replicas (the callback receipts, `bot:<id>:<msgid>`);
 * a message whose answer never reached WeCom is forgotten again, so that
 * WeCom handing it out again gets it answered.
 */
export class LongConnectionTransport {
  readonly #inFlight = new Set<Promise<void>>();
  readonly #timing: Required<LongConnectionTransportTiming>;

  constructor(
    private readonly options: {
      integrationId: string;
      client: BotWsClient;
      conversation: BotConversation;
      receipts: Pick<CallbackReceiptStore, 'recordFirst' | 'forget'>;
      logger: LoggerService;
      timing?: LongConnectionTransportTiming;
    },
  ) {
    this.#timing = {
      throttleMs: 500,
      thinkingAfterMs: 1000,
      welcomeTimeoutMs: 3000,
      ...options.timing,
    };
  }

  /** Starts listening to the client's messages and events. */
  attach(): this {
    const { client } = this.options;
    client.on('message', frame => this.#track(this.#answer(frame)));
    client.on('event.enter_chat', frame => this.#track(this.#welcome(frame)));
    return this;
  }

  /** Resolves once the answers under way have finished (for shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.#inFlight]);
  }

  #track(work: Promise<void>) {
    const tracked = work.catch(error =>
      this.options.logger.error(
        `The bot could not answer over the long connection: ${describeSdkError(
          error,
        )}`,
      ),
    );
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
  }

  async #answer(frame: WsFrame): Promise<void> {
    const message = await this.#firstTime(frame);
    if (!message) return;
    const sink = new WebSocketAnswerSink({
      client: this.options.client,
      frame,
      throttleMs: this.#timing.throttleMs,
      logger: this.options.logger,
      // Past WeCom's stream window the answer still reaches the chat.
      onFinalFailed: async content => {
        await this.options.client.sendMessage(
          message.chatId ?? message.fromUserId,
          { msgtype: 'markdown', markdown: { content } },
        );
      },
    });
    const thinking = setTimeout(() => {
      if (!sink.started) void sink.update(THINKING, false);
    }, this.#timing.thinkingAfterMs);
    try {
      await this.options.conversation.handle(message, sink);
    } catch (error) {
      this.options.logger.error(
        `The bot's conversation failed on a long-connection message: ${describeSdkError(
          error,
        )}`,
      );
    } finally {
      clearTimeout(thinking);
    }
    // Every stream ends, or WeCom shows it as still typing.
    if (!sink.finished) await sink.update(NO_ANSWER, true);
    if (!sink.delivered) await this.#forget(message);
  }

  /** The message may be answered again: its answer never reached WeCom. */
  async #forget(message: BotInboundMessage): Promise<void> {
    const { integrationId, receipts, logger } = this.options;
    await receipts
      .forget(receiptKey(integrationId, message.msgId))
      .catch(error =>
        logger.warn(
          `Could not forget an unanswered bot message; WeCom's next delivery of it will be ignored: ${describeSdkError(
            error,
          )}`,
        ),
      );
  }

  async #welcome(frame: WsFrame): Promise<void> {
    const message = await this.#firstTime(frame);
    if (!message) return;
    const sink = new FinalTextSink();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        this.options.conversation.handle(message, sink),
        new Promise<void>(resolve => {
          timer = setTimeout(resolve, this.#timing.welcomeTimeoutMs);
        }),
      ]);
    } catch (error) {
      this.options.logger.warn(
        `The bot's welcome failed; sending the default one: ${describeSdkError(
          error,
        )}`,
      );
    } finally {
      clearTimeout(timer);
    }
    await this.options.client.replyWelcome(frame, {
      msgtype: 'text',
      // The conversation's own welcome; the same text if it was too slow.
      text: { content: sink.text ?? welcomeText() },
    });
  }

  /** The frame as a message, unless it is malformed or was seen before. */
  async #firstTime(frame: WsFrame): Promise<BotInboundMessage | undefined> {
    const { integrationId, receipts, logger } = this.options;
    const message = toInboundMessage(integrationId, frame);
    if (!message) {
      logger.debug(
        'Ignoring a long-connection frame without msgid or a valid sender',
      );
      return undefined;
    }
    try {
      const first = await receipts.recordFirst(
        receiptKey(integrationId, message.msgId),
        integrationId,
      );
      if (!first) {
        logger.debug(`Ignoring a repeated bot message for ${integrationId}`);
        return undefined;
      }
    } catch (error) {
      // Better a rare double answer than none.
      logger.warn(
        `Could not record the bot message for de-duplication; answering anyway: ${describeSdkError(
          error,
        )}`,
      );
    }
    return message;
  }
}

function receiptKey(integrationId: string, msgId: string): string {
  return `bot:${integrationId}:${msgId}`;
}
