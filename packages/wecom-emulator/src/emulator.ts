import type { Express } from 'express';
import type { DateTime } from 'luxon';
import { createApp } from './app';
import {
  authorizeSuite,
  clickCard,
  pushSuiteTicket,
  resetSuitePermanentCode,
  sendAppMessage,
  verifyCallbackUrl,
} from './client/callbacks';
import type {
  AppCallbackResult,
  AppMessageParams,
  CallbackContext,
  ClickCardParams,
  ClickCardResult,
  SuiteAuthCodeResult,
  VerifyCallbackResult,
} from './client/callbacks';
import {
  hostLongConnectionMedia,
  hostMedia,
  refreshBotStream,
  sendBotEvent,
  sendBotMessage,
} from './client/bot';
import type { BotMessageParams, BotReplyResult } from './client/bot';
import type { ApiCallCount } from './callLog';
import { EmulatorClock } from './clock';
import { demoEmulatorOptions } from './demo';
import type { FaultSpec } from './faults';
import { EmulatorState } from './state';
import { EmulatorSummary, summarizeEmulator } from './summary';
import type { CardRecord } from './stores/cards';
import type { ChatRecord } from './stores/chats';
import type { DeliveredMessage, DroppedMessage } from './stores/messages';
import type { EmulatorOptions, EmulatorUser } from './types';
import { BotConnectionHub } from './longConnection/BotConnectionHub';
import type {
  BotWsEventParams,
  BotWsMessageParams,
  BotWsPushResult,
} from './longConnection/frames';

export type { EmulatorSummary } from './summary';

/**
 * The WeCom stand-in: `app` serves the WeCom API, the control API and a small
 * UI; the methods below drive it from tests as the control API does over HTTP.
 *
 * @public
 */
export class WeComEmulator {
  readonly app: Express;
  readonly state: EmulatorState;
  /** The smart bots' long connections (served by `startEmulator`). */
  readonly botConnections: BotConnectionHub;
  #publicUrl: string;
  readonly #timeoutMs: number;

  constructor(options: EmulatorOptions = {}) {
    this.state = new EmulatorState({
      corps: options.corps ?? demoEmulatorOptions().corps ?? [],
      tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
      rateLimits: { ...options.rateLimits },
      clock: new EmulatorClock(options.clock),
      latencyMs: options.latencyMs,
    });
    this.#publicUrl = (options.publicUrl ?? 'http://localhost:7701').replace(
      /\/+$/,
      '',
    );
    this.#timeoutMs = options.callbackTimeoutMs ?? 5000;
    this.botConnections = new BotConnectionHub(
      this.state,
      () => this.#publicUrl,
    );
    this.app = createApp(this);
  }

  /** The base URL used in URLs the emulator hands out. */
  get publicUrl(): string {
    return this.#publicUrl;
  }

  set publicUrl(url: string) {
    this.#publicUrl = url.replace(/\/+$/, '');
  }

  now(): DateTime {
    return this.state.clock.now();
  }

  /** Back to the seeded corps: clears tokens, messages, cards, chats, faults, calls and the clock offset. */
  reset(): void {
    this.state.reset();
    this.botConnections.afterReset();
  }

  advanceClock(seconds: number): void {
    this.state.clock.advance(seconds);
  }

  injectFault(spec: FaultSpec): void {
    this.state.faults.add(spec);
  }

  clearFaults(): void {
    this.state.faults.clear();
  }

  /** Expires every live access token (of one corp if given); returns how many. */
  expireTokens(corpId?: string): number {
    return this.state.tokens.expireAll(this.state.clock.millis(), corpId);
  }

  upsertUser(user: EmulatorUser, corpId?: string): void {
    this.state.directory.corp(corpId).upsertUser(structuredClone(user));
  }

  removeUser(userid: string, corpId?: string): boolean {
    return this.state.directory.corp(corpId).removeUser(userid);
  }

  /** The member the emulated WeCom client is signed in as for OAuth. */
  setCurrentUser(userid: string, corpId?: string): void {
    const corp = this.state.directory.corp(corpId);
    if (!corp.users.has(userid)) throw new Error(`Unknown user ${userid}`);
    corp.currentUserId = userid;
  }

  /** An OAuth code as the authorize page would issue (default: the current user). */
  issueOAuthCode(userid?: string, corpId?: string): string {
    const corp = this.state.directory.corp(corpId);
    const who = userid ?? corp.currentUserId;
    if (!who || !corp.users.has(who)) throw new Error(`Unknown user ${who}`);
    return this.state.oauthCodes.issue(
      { corpId: corp.corpId, userid: who },
      this.state.clock.millis(),
    );
  }

  /** A temporary auth code for get_permanent_code, as a corp admin authorizing the suite yields. */
  issueSuiteAuthCode(suiteId: string): string {
    if (!this.state.directory.suite(suiteId))
      throw new Error(`Unknown suite ${suiteId}`);
    return this.state.suiteAuthCodes.issue(suiteId, this.state.clock.millis());
  }

  verifyCallbackUrl(
    corpId?: string,
    agentId?: number,
  ): Promise<VerifyCallbackResult> {
    return verifyCallbackUrl(this.#callbackContext(), corpId, agentId);
  }

  clickCard(params: ClickCardParams): Promise<ClickCardResult> {
    return clickCard(this.#callbackContext(), params);
  }

  sendAppMessage(params: AppMessageParams): Promise<AppCallbackResult> {
    return sendAppMessage(this.#callbackContext(), params);
  }

  pushSuiteTicket(suiteId: string): Promise<AppCallbackResult> {
    return pushSuiteTicket(this.#callbackContext(), suiteId);
  }

  /** The corp installs the suite: create_auth with a fresh auth code. */
  authorizeSuite(suiteId: string): Promise<SuiteAuthCodeResult> {
    return authorizeSuite(this.#callbackContext(), suiteId);
  }

  /** 重新获取secret: a new permanent code, announced by reset_permanent_code. */
  resetSuitePermanentCode(suiteId: string): Promise<SuiteAuthCodeResult> {
    return resetSuitePermanentCode(this.#callbackContext(), suiteId);
  }

  sendBotMessage(params: BotMessageParams): Promise<BotReplyResult> {
    return sendBotMessage(this.#callbackContext(), params);
  }

  /** An event to the bot's callback, by default `enter_chat`. */
  sendBotEvent(params: BotWsEventParams): Promise<BotReplyResult> {
    return sendBotEvent(this.#callbackContext(), params);
  }

  refreshBotStream(streamId: string): Promise<BotReplyResult> {
    return refreshBotStream(this.#callbackContext(), streamId);
  }

  /** Serves `bytes` encrypted with the bot's key; returns the URL. */
  hostMedia(bytes: Buffer, botId?: string): string {
    return hostMedia(this.#callbackContext(), bytes, botId);
  }

  /**
   * Serves `bytes` as the long connection hands media out: encrypted with
   * a key of their own, which the message carries as `aeskey`.
   */
  hostLongConnectionMedia(bytes: Buffer): { url: string; aeskey: string } {
    return hostLongConnectionMedia(this.#callbackContext(), bytes);
  }

  /** A member's message pushed on the bot's long connection. */
  sendBotWsMessage(params: BotWsMessageParams): BotWsPushResult {
    return this.botConnections.pushMessage(params);
  }

  /** An event (default `enter_chat`) pushed on the bot's long connection. */
  sendBotWsEvent(params: BotWsEventParams): BotWsPushResult {
    return this.botConnections.pushEvent(params);
  }

  /** Every message a member received, oldest first. */
  messagesTo(userid: string, corpId?: string): DeliveredMessage[] {
    return this.state.messages.to(
      this.state.directory.corp(corpId).corpId,
      userid,
    );
  }

  /** Messages accepted for a member but dropped: the member was over budget. */
  droppedMessagesTo(userid: string, corpId?: string): DroppedMessage[] {
    return this.state.messages.droppedTo(
      this.state.directory.corp(corpId).corpId,
      userid,
    );
  }

  /** The template cards a member received. */
  cardsDeliveredTo(userid: string, corpId?: string): DeliveredMessage[] {
    return this.messagesTo(userid, corpId).filter(
      m => m.msgtype === 'template_card',
    );
  }

  card(taskId: string, corpId?: string): CardRecord | undefined {
    return this.state.cards.findByTaskId(taskId, corpId);
  }

  chat(chatid: string, corpId?: string): ChatRecord | undefined {
    return this.state.chats.get(
      this.state.directory.corp(corpId).corpId,
      chatid,
    );
  }

  /** Calls made to one API, e.g. `callCount('gettoken')`. */
  callCount(api: string): number {
    return this.state.callLog.count(api);
  }

  callCounts(): Record<string, ApiCallCount> {
    return this.state.callLog.counts();
  }

  /** The state at a glance; lists the `limit` most recent cards and chats (default 100). */
  summary(options: { limit?: number } = {}): EmulatorSummary {
    return summarizeEmulator(this.state, options);
  }

  #callbackContext(): CallbackContext {
    return {
      state: this.state,
      timeoutMs: this.#timeoutMs,
      publicUrl: this.#publicUrl,
    };
  }
}
