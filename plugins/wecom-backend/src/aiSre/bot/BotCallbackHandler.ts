import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WeComBotMessage,
  WeComBotMessageHandler,
  WeComBotReply,
} from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { chatKeyOf } from '../conversations/ConversationLog';
import { BotStream, BotStreamStore } from './BotStreamStore';
import {
  ANSWER_POSTED_NOTE,
  INTERRUPTED_NOTE,
  THINKING,
  UNKNOWN_STREAM_NOTE,
  tooManyText,
  welcomeText,
} from './botTexts';
import { fitStreamContent } from './fitStreamContent';
import { AskerMessenger } from './AskerMessenger';
import { toInboundMessage } from './callbackInboundMessage';
import { LateAnswerPoster } from './LateAnswerPoster';
import { ResponseUrlPoster } from './ResponseUrlPoster';
import { StreamRowSink } from './StreamRowSink';
import { askedBy, joinNote, newStreamId, streamReply } from './streamReplies';
import { BotConversation, BotInboundMessage } from './types';

/** Messages that open a stream; others (events, refreshes) do not. */
const QUESTION_TYPES = new Set([
  'text',
  'mixed',
  'image',
  'file',
  'voice',
  // Single chats (page 100719): passed on as a file named "video", as the
  // long connection does; the conversation says what it received.
  'video',
]);
/** WeCom keeps refreshing a stream for 6 minutes after the message. */
const STREAM_WINDOW_MS = 6 * 60 * 1000;
/** Late answers not delivered by this handler are swept this many at once. */
const SWEEP_BATCH = 20;

/** Timings and limits; tests shorten them. */
export interface BotCallbackTimings {
  /** How long the first reply waits for the answer (WeCom waits ~5 s). */
  firstReplyWaitMs: number;
  /** At most one stored partial answer per this interval. */
  writeIntervalMs: number;
  /** How often this replica says its answers are still being worked on. */
  heartbeatIntervalMs: number;
  /** A stream whose replica has not beaten for this long is dead. */
  staleAfterMs: number;
  /** Unfinished answers per member (WeCom allows three in flight). */
  maxUnfinishedPerMember: number;
}

const DEFAULT_TIMINGS: BotCallbackTimings = {
  firstReplyWaitMs: 800,
  writeIntervalMs: 300,
  heartbeatIntervalMs: 10_000,
  staleAfterMs: 30_000,
  maxUnfinishedPerMember: 3,
};

export { toInboundMessage } from './callbackInboundMessage';

/**
 * The smart bot over its callback URL. A new message opens a stream row and
 * starts the answer in the background on this replica; WeCom gets the
 * first reply within about a second, then refreshes the stream — possibly
 * through another replica, which reads the row — until a reply says
 * `finish`. An answer that outlives WeCom's 6 minutes goes to the
 * message's `response_url` instead. The stream row is unique per message
 * (integration and msgid): WeCom's repeat of a message whose answer did
 * not reach it is answered from that row, on any replica.
 */
export class BotCallbackHandler implements WeComBotMessageHandler {
  readonly name = 'ai-sre-bot';
  private readonly replicaId = `bot-${randomUUID()}`;
  private readonly timings: BotCallbackTimings;
  /** Answers this replica is computing, by stream id. */
  private readonly inFlight = new Map<string, StreamRowSink>();
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly late: LateAnswerPoster;

  constructor(
    private readonly options: {
      conversation: BotConversation;
      streams: BotStreamStore;
      responses: ResponseUrlPoster;
      /** Where a late answer goes when its response URL fails. */
      askers?: AskerMessenger;
      logger: LoggerService;
      timings?: Partial<BotCallbackTimings>;
      now?: () => DateTime;
    },
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.late = new LateAnswerPoster(options);
  }

  async handle(message: WeComBotMessage): Promise<WeComBotReply | undefined> {
    if (message.msgType === 'stream') return this.refresh(message);
    if (message.msgType === 'event') {
      return message.eventType === 'enter_chat'
        ? { msgtype: 'text', text: { content: welcomeText() } }
        : undefined;
    }
    if (!QUESTION_TYPES.has(message.msgType)) return undefined;
    return this.start(toInboundMessage(message));
  }

  /**
   * Posts finished answers that no refresh delivered (they finished as
   * WeCom stopped asking) to their response URL. Safe on every replica.
   */
  async deliverLateAnswers(): Promise<void> {
    const windowStart = this.now().minus(STREAM_WINDOW_MS);
    const late = await this.options.streams.listUndelivered(
      windowStart,
      SWEEP_BATCH,
    );
    for (const stream of late)
      await this.late.post(stream.streamId, this.now());
  }

  /** Forgets streams nobody will ask about any more. */
  prune(): Promise<number> {
    return this.options.streams.prune(this.now().minus({ days: 1 }));
  }

  /**
   * Shutdown: answers in progress cannot finish here, so they are finished
   * now with a note rather than left for another replica to time out.
   */
  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    const sinks = [...this.inFlight.values()];
    this.inFlight.clear();
    await Promise.all(
      sinks.map(sink =>
        sink
          .update(joinNote(sink.latest, INTERRUPTED_NOTE), true)
          .catch(() => {}),
      ),
    );
  }

  private async start(message: BotInboundMessage): Promise<WeComBotReply> {
    const { streams, logger } = this.options;
    const { maxUnfinishedPerMember, staleAfterMs } = this.timings;
    const streamId = newStreamId();
    // The stream row is the de-duplication: WeCom's retry of this message
    // (here or on another replica) finds it and is answered from it.
    const { stream, created } = await streams.createOnce(
      {
        streamId,
        integrationId: message.integrationId,
        // WeCom always sends a msgid; without one there is nothing to
        // recognise a retry by, so the message stands alone.
        msgId: message.msgId || `none:${streamId}`,
        chatKey: chatKeyOf(message),
        fromUserId: message.fromUserId,
        owner: this.replicaId,
        ...(message.responseUrl ? { responseUrl: message.responseUrl } : {}),
      },
      this.now(),
    );
    if (!created) {
      logger.debug(
        `Answering a repeated bot message of ${message.integrationId} from its stream`,
      );
      return this.current(stream);
    }

    let sink: StreamRowSink;
    try {
      // This stream counts too: more than the limit means too many others.
      const unfinished = await streams.countUnfinished(
        message.integrationId,
        message.fromUserId,
        this.now().minus(staleAfterMs),
      );
      if (unfinished > maxUnfinishedPerMember) {
        const refusal = fitStreamContent(tooManyText(maxUnfinishedPerMember));
        await streams.write(streamId, refusal, true, this.now());
        await streams.markDelivered(streamId, this.now());
        return streamReply(streamId, refusal, true);
      }
      sink = this.openSink(streamId);
    } catch (error) {
      // Nothing answers this stream: a retry of the message starts afresh.
      await streams.discard(streamId).catch(() => {});
      throw error;
    }
    return this.answer(message, streamId, sink);
  }

  private openSink(streamId: string): StreamRowSink {
    const startedAt = this.now();
    const sink = new StreamRowSink({
      streamId,
      store: this.options.streams,
      intervalMs: this.timings.writeIntervalMs,
      logger: this.options.logger,
      now: () => this.now(),
      onFinished: async () => {
        this.forget(streamId);
        if (this.now().toMillis() - startedAt.toMillis() >= STREAM_WINDOW_MS) {
          await this.late.post(streamId, this.now());
        }
      },
    });
    this.track(streamId, sink);
    return sink;
  }

  /** Runs the conversation; replies with what exists after a short wait. */
  private async answer(
    message: BotInboundMessage,
    streamId: string,
    sink: StreamRowSink,
  ): Promise<WeComBotReply> {
    const { streams, conversation, logger } = this.options;
    // The answer runs on in the background; the conversation never throws.
    const answered = conversation
      .handle(message, sink)
      .catch(error =>
        logger.error(`The bot conversation failed unexpectedly: ${error}`),
      );
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([
      answered,
      new Promise<void>(resolve => {
        waited = setTimeout(resolve, this.timings.firstReplyWaitMs);
      }),
    ]);
    clearTimeout(waited);

    if (sink.finished) {
      await answered;
      await streams.markDelivered(streamId, this.now());
      return streamReply(streamId, sink.latest, true);
    }
    return streamReply(streamId, sink.latest || THINKING, false);
  }

  private async refresh(message: WeComBotMessage): Promise<WeComBotReply> {
    const streamId = message.streamId ?? '';
    const stream = streamId
      ? await this.options.streams.get(message.integrationId, streamId)
      : undefined;
    // WeCom refreshes a stream for the member who asked, in that chat; a
    // refresh naming someone else's stream learns nothing about it.
    if (!stream || !askedBy(stream, message)) {
      return streamReply(streamId, UNKNOWN_STREAM_NOTE, true);
    }
    return this.current(stream);
  }

  /** The answer of a stream as it stands, for a refresh or a repeat. */
  private async current(found: BotStream): Promise<WeComBotReply> {
    const { streams } = this.options;
    const { streamId, integrationId } = found;
    // This replica's own answer is fresher in memory than in the row.
    const own = this.inFlight.get(streamId);
    if (own && !own.finished) {
      return streamReply(streamId, own.latest || THINKING, false);
    }
    let stream = found;
    if (!stream.finished && this.isStale(stream)) {
      await streams.finishStale(
        streamId,
        fitStreamContent(joinNote(stream.content, INTERRUPTED_NOTE)),
        this.now().minus(this.timings.staleAfterMs),
        this.now(),
      );
      // Read again: the answer may have finished meanwhile after all.
      stream = (await streams.get(integrationId, streamId)) ?? stream;
    }
    if (stream.finished) {
      const shown = await streams.markDelivered(streamId, this.now());
      return streamReply(
        streamId,
        shown ? stream.content : ANSWER_POSTED_NOTE,
        true,
      );
    }
    return streamReply(streamId, stream.content || THINKING, false);
  }

  private isStale(stream: BotStream): boolean {
    return (
      this.now().toMillis() - stream.heartbeatAt.toMillis() >
      this.timings.staleAfterMs
    );
  }

  private track(streamId: string, sink: StreamRowSink) {
    this.inFlight.set(streamId, sink);
    this.heartbeat ??= setInterval(() => {
      this.options.streams
        .heartbeat([...this.inFlight.keys()], this.now())
        .catch(error =>
          this.options.logger.warn(`Bot stream heartbeat failed: ${error}`),
        );
    }, this.timings.heartbeatIntervalMs);
    this.heartbeat.unref?.();
  }

  private forget(streamId: string) {
    this.inFlight.delete(streamId);
    if (this.inFlight.size === 0) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }

  private now(): DateTime {
    return this.options.now?.() ?? DateTime.utc();
  }
}
