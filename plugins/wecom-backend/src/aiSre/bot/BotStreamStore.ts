import { DateTime } from 'luxon';

/** One streamed answer to a bot message, as every replica sees it. */
export interface BotStream {
  streamId: string;
  integrationId: string;
  msgId: string;
  chatKey: string;
  fromUserId: string;
  /** The whole answer so far (markdown). */
  content: string;
  finished: boolean;
  startedAt: DateTime;
  updatedAt: DateTime;
  /** The replica computing the answer was alive as of then. */
  heartbeatAt: DateTime;
  /** Which replica computes the answer. */
  owner: string;
  /** One-time URL for a reply after WeCom stopped refreshing. */
  responseUrl?: string;
  /** A refresh handed WeCom the finished answer. */
  deliveredAt?: DateTime;
  /** The finished answer went to the response URL instead. */
  postedAt?: DateTime;
}

/** What a new stream starts with. */
export type NewBotStream = Pick<
  BotStream,
  | 'streamId'
  | 'integrationId'
  | 'msgId'
  | 'chatKey'
  | 'fromUserId'
  | 'owner'
  | 'responseUrl'
> & { content?: string };

/** A finished answer no refresh delivered, and where to post it. */
export interface UndeliveredAnswer {
  integrationId: string;
  responseUrl: string;
  content: string;
  /** The asker: where the answer goes when the URL fails. */
  fromUserId: string;
}

/**
 * The bot's streamed answers, shared by replicas: the one that answers
 * writes, any one that WeCom asks reads. A finished stream never changes
 * again, so a late write from a slow or revived replica cannot undo it.
 */
export interface BotStreamStore {
  /**
   * Opens the stream of a message, unless the message (its integration and
   * msgid) has one already: then answers that one with `created: false`.
   * One statement decides, so WeCom's retry of a message (on this replica
   * or another) finds the stream of its first delivery, and a failure
   * before it leaves nothing behind that would hide the retry.
   */
  createOnce(
    stream: NewBotStream,
    now: DateTime,
  ): Promise<{ stream: BotStream; created: boolean }>;
  /**
   * Drops a stream nobody answers (its start failed after `createOnce`), so
   * WeCom's retry of the message starts it afresh. Only an unfinished one.
   */
  discard(streamId: string): Promise<void>;
  get(integrationId: string, streamId: string): Promise<BotStream | undefined>;
  /**
   * Writes the answer so far (and beats the heartbeat). False when the
   * stream is unknown or already finished, which then stays as it was.
   */
  write(
    streamId: string,
    content: string,
    finished: boolean,
    now: DateTime,
  ): Promise<boolean>;
  /** The answering replica is alive: beats the heartbeat of its streams. */
  heartbeat(streamIds: string[], now: DateTime): Promise<void>;
  /**
   * Finishes a stream whose replica stopped beating (heartbeat before
   * `staleBefore`) with `content`. False when it finished or beat since.
   */
  finishStale(
    streamId: string,
    content: string,
    staleBefore: DateTime,
    now: DateTime,
  ): Promise<boolean>;
  /** Unfinished streams of a member whose replica is alive. */
  countUnfinished(
    integrationId: string,
    fromUserId: string,
    aliveSince: DateTime,
  ): Promise<number>;
  /**
   * Notes that a refresh hands WeCom the finished answer. False when the
   * answer already went to its response URL instead (it finished as WeCom
   * stopped asking): the refresh must not show it a second time.
   */
  markDelivered(streamId: string, now: DateTime): Promise<boolean>;
  /**
   * Takes the one-time response URL of a finished stream that no refresh
   * delivered, with the answer to post there: answers it to exactly one
   * caller across replicas.
   */
  claimResponseUrl(
    streamId: string,
    now: DateTime,
  ): Promise<UndeliveredAnswer | undefined>;
  /**
   * Finished streams started before `startedBefore` that no refresh
   * delivered and nobody posted, which still have a response URL.
   */
  listUndelivered(startedBefore: DateTime, limit: number): Promise<BotStream[]>;
  /** Deletes streams started before `startedBefore`; answers how many. */
  prune(startedBefore: DateTime): Promise<number>;
}
