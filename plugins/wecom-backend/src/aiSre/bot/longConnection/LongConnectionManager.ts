import { LoggerService } from '@backstage/backend-plugin-api';
import type { WSClient, WSClientOptions } from '@wecom/aibot-node-sdk';
import { Duration } from 'luxon';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { CallbackReceiptStore } from '../../../callbacks/CallbackReceiptStore';
import { AllowedHosts } from '../../../integrations/allowedHosts';
import { IntegrationService } from '../../../integrations/IntegrationService';
import { wsUrlProblem } from '../../../integrations/secretDestinations';
import {
  BotLongConnectionSettings,
  WeComIntegration,
  botLongConnection,
} from '../../../integrations/types';
import { BotConversation } from '../types';
import { BotConnectionLock } from './BotConnectionLock';
import {
  LongConnectionTransport,
  LongConnectionTransportTiming,
} from './LongConnectionTransport';
import { aibotSdk } from './sdk';
import { describeSdkError } from './sdkErrors';
import { createSdkLogger } from './sdkLogger';

/** Timings; the defaults suit production, tests shorten them. */
export interface LongConnectionTiming extends LongConnectionTransportTiming {
  /** How often leases are taken or renewed (default 15 s). */
  lockIntervalMs?: number;
  /** How long a lease lasts without renewal (default 45 s). */
  leaseTtlMs?: number;
  /** After WeCom refused the bot or another client took it over (default 5 min). */
  retryAfterFailureMs?: number;
  /** How long stop() lets answers under way finish (default 5 s). */
  stopGraceMs?: number;
}

/** SDK options passed through (tests: quick reconnects). */
export type LongConnectionSdkOptions = Pick<
  WSClientOptions,
  | 'reconnectInterval'
  | 'heartbeatInterval'
  | 'maxAuthFailureAttempts'
  | 'requestTimeout'
>;

/** Options of {@link LongConnectionManager}. */
export interface LongConnectionManagerOptions {
  integrations: Pick<IntegrationService, 'list' | 'onChange'>;
  /**
   * Where a stored bot may send its Secret (`wecom.allowedApiHosts`):
   * checked before every connection, for bots saved before the allow-list
   * existed or outside a list narrowed since.
   */
  allowedHosts: Pick<AllowedHosts, 'problem'>;
  lock: Pick<BotConnectionLock, 'acquire' | 'release'>;
  conversation: BotConversation;
  receipts: Pick<CallbackReceiptStore, 'recordFirst' | 'forget'>;
  logger: LoggerService;
  /** This replica's name in the lease table; unique per process by default. */
  holder?: string;
  timing?: LongConnectionTiming;
  sdk?: LongConnectionSdkOptions;
}

/** One long connection this replica holds. */
interface HeldConnection {
  integrationId: string;
  settings: BotLongConnectionSettings;
  client: WSClient;
  transport: LongConnectionTransport;
  logger: LoggerService;
  /** Epoch ms until which the lease was last confirmed. */
  leaseUntil: number;
  /** Set when the SDK stopped trying (refused, taken over): reopen then. */
  reopenAt?: number;
  /** Taken over by another client: the SDK already closed the socket. */
  closedByServer?: boolean;
  /** A problem was logged; repeats go to debug until the next success. */
  troubled?: boolean;
}

const sameSettings = (
  a: BotLongConnectionSettings,
  b: BotLongConnectionSettings,
) => a.botId === b.botId && a.secret === b.secret && a.wsUrl === b.wsUrl;

/**
 * Holds WeCom's long connection for every integration whose smart bot uses
 * it, on exactly one replica: WeCom keeps one WebSocket per bot. Every
 * `lockIntervalMs` each replica takes or renews the integration's lease
 * ({@link BotConnectionLock}); the holder opens the SDK's `WSClient`, the
 * others wait. A replica that dies stops renewing, and another one takes
 * over once the lease expires (`leaseTtlMs`). A holder that loses its lease,
 * or sees the bot's settings change, closes the socket at once.
 */
export class LongConnectionManager {
  readonly holder: string;
  readonly #held = new Map<string, HeldConnection>();
  /** Why each refused bot is not connected, as last logged. */
  readonly #refusals = new Map<string, string>();
  readonly #timing: Required<
    Omit<LongConnectionTiming, keyof LongConnectionTransportTiming>
  >;
  #timer?: ReturnType<typeof setTimeout>;
  #running?: Promise<void>;
  #again = false;
  #started = false;
  #stopped = false;

  constructor(private readonly options: LongConnectionManagerOptions) {
    this.holder =
      options.holder ??
      `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.#timing = {
      lockIntervalMs: 15_000,
      leaseTtlMs: 45_000,
      retryAfterFailureMs: 5 * 60_000,
      stopGraceMs: 5_000,
      ...options.timing,
    };
    options.integrations.onChange(() => this.#soon());
  }

  /** Starts taking leases and connecting; resolves after the first round. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#soon();
    await this.#running;
  }

  /**
   * Closes every connection and gives the leases up, so another replica
   * takes over at once; for the shutdown hook.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
    await Promise.all(
      [...this.#held.values()].map(async held => {
        await this.#settle(held);
        this.#close(held, 'the backend is stopping');
        await this.options.lock
          .release(held.integrationId, this.holder)
          .catch(error =>
            held.logger.warn(
              `Could not release the long-connection lease: ${describeSdkError(
                error,
              )}`,
            ),
          );
      }),
    );
    this.#held.clear();
  }

  /** The integrations whose long connection this replica holds. */
  heldIntegrations(): string[] {
    return [...this.#held.keys()];
  }

  /** Runs a round now (after the current one), then every interval. */
  #soon() {
    if (!this.#started || this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.#round()
      .catch(error =>
        this.options.logger.error(
          `The bot's long connections could not be looked after: ${describeSdkError(
            error,
          )}`,
        ),
      )
      .finally(() => {
        this.#running = undefined;
        if (this.#stopped) return;
        if (this.#again) {
          this.#again = false;
          this.#soon();
          return;
        }
        this.#timer = setTimeout(
          () => this.#soon(),
          this.#timing.lockIntervalMs,
        );
        this.#timer.unref?.();
      });
  }

  async #round(): Promise<void> {
    let wanted: Map<string, BotLongConnectionSettings>;
    const refused = new Map<string, string>();
    try {
      wanted = new Map(
        (await this.options.integrations.list()).flatMap(integration => {
          const settings = botLongConnection(integration);
          if (!settings) return [];
          const problem = this.#refusal(integration);
          if (problem) {
            refused.set(integration.id, problem);
            return [];
          }
          return [[integration.id, settings] as const];
        }),
      );
    } catch (error) {
      this.options.logger.warn(
        `Could not read the integrations for the bot's long connections: ${describeSdkError(
          error,
        )}`,
      );
      this.#dropUnconfirmedLeases();
      return;
    }
    this.#logRefusals(refused);

    for (const held of [...this.#held.values()]) {
      const next = wanted.get(held.integrationId);
      if (next && sameSettings(next, held.settings)) continue;
      let reason = 'its bot no longer uses the long connection';
      if (next) reason = 'its bot settings changed';
      else if (refused.has(held.integrationId)) {
        reason = 'its bot.wsUrl is not an allowed host';
      }
      this.#close(held, reason);
      this.#held.delete(held.integrationId);
      if (!next) {
        await this.options.lock
          .release(held.integrationId, this.holder)
          .catch(() => undefined);
      }
    }

    for (const [integrationId, settings] of wanted) {
      if (this.#stopped) return;
      await this.#holdOrWait(integrationId, settings);
    }
  }

  async #holdOrWait(
    integrationId: string,
    settings: BotLongConnectionSettings,
  ): Promise<void> {
    const held = this.#held.get(integrationId);
    // Counted from before the statement: never later than the database's.
    const leaseUntil = Date.now() + this.#timing.leaseTtlMs;
    let won: boolean;
    try {
      won = await this.options.lock.acquire(
        integrationId,
        this.holder,
        Duration.fromMillis(this.#timing.leaseTtlMs),
      );
    } catch (error) {
      this.options.logger.warn(
        `Could not take or renew the long-connection lease of integration "${integrationId}": ${describeSdkError(
          error,
        )}`,
      );
      this.#dropUnconfirmedLeases();
      return;
    }
    if (!won) {
      if (held) {
        this.#close(held, 'another replica holds its lease now');
        this.#held.delete(integrationId);
      }
      return;
    }
    if (!held) {
      this.#open(integrationId, settings, leaseUntil);
      return;
    }
    held.leaseUntil = leaseUntil;
    if (held.reopenAt !== undefined && Date.now() >= held.reopenAt) {
      this.#close(held, 'trying again');
      this.#open(integrationId, settings, leaseUntil);
    }
  }

  /**
   * Why a stored bot must not connect: its Secret would go to a host
   * outside `wecom.allowedApiHosts`. App-config's bots are trusted, as the
   * WeCom clients trust them.
   */
  #refusal(integration: WeComIntegration): string | undefined {
    if (integration.source === 'config') return undefined;
    return wsUrlProblem(integration, this.options.allowedHosts);
  }

  /** One error line per refused bot, again only when the reason changes. */
  #logRefusals(refused: Map<string, string>) {
    for (const id of [...this.#refusals.keys()]) {
      if (!refused.has(id)) this.#refusals.delete(id);
    }
    for (const [id, problem] of refused) {
      if (this.#refusals.get(id) === problem) continue;
      this.#refusals.set(id, problem);
      this.options.logger.error(
        `The smart bot's long connection of integration "${id}" is not opened: ${problem}. Fix bot.wsUrl in the setup form (Settings → WeCom) and enter the bot's Secret again.`,
      );
    }
  }

  /** Without a confirmed lease another replica may take over: close. */
  #dropUnconfirmedLeases() {
    for (const held of [...this.#held.values()]) {
      if (Date.now() < held.leaseUntil) continue;
      this.#close(held, 'its lease could not be renewed');
      this.#held.delete(held.integrationId);
    }
  }

  #open(
    integrationId: string,
    settings: BotLongConnectionSettings,
    leaseUntil: number,
  ) {
    const logger = this.options.logger.child({ integrationId });
    const client = new (aibotSdk().WSClient)({
      botId: settings.botId,
      secret: settings.secret,
      ...(settings.wsUrl && { wsUrl: settings.wsUrl }),
      logger: createSdkLogger(logger, [settings.secret]),
      // The lease, not the SDK, decides when to stop.
      maxReconnectAttempts: -1,
      ...this.options.sdk,
    });
    const transport = new LongConnectionTransport({
      integrationId,
      client,
      conversation: this.options.conversation,
      receipts: this.options.receipts,
      logger,
      timing: this.options.timing,
    }).attach();
    const held: HeldConnection = {
      integrationId,
      settings,
      client,
      transport,
      logger,
      leaseUntil,
    };
    const where = `integration "${integrationId}" (bot ${settings.botId})`;
    client.on('authenticated', () => {
      held.troubled = false;
      logger.info(`The smart bot's long connection of ${where} is up`);
    });
    client.on('error', error => this.#onError(held, where, error));
    client.on('event.disconnected_event', () => {
      held.closedByServer = true;
      held.reopenAt = Date.now() + this.#timing.retryAfterFailureMs;
      logger.warn(
        `WeCom closed the long connection of ${where}: another client connected with the same bot (WeCom keeps one connection per bot; is another deployment using it?). Trying again in ${this.#minutes()}.`,
      );
    });
    this.#held.set(integrationId, held);
    logger.info(`Opening the smart bot's long connection of ${where}`);
    client.connect();
  }

  #onError(held: HeldConnection, where: string, error: Error) {
    const { logger } = held;
    if (error instanceof aibotSdk().WSAuthFailureError) {
      held.reopenAt = Date.now() + this.#timing.retryAfterFailureMs;
      logger.error(
        `Gave up connecting ${where} after repeated refusals; trying again in ${this.#minutes()} or when its settings change.`,
      );
      return;
    }
    const refused = /^Authentication failed/.test(error.message);
    const message = refused
      ? `WeCom refused the long connection of ${where}: ${error.message}. Check the bot ID and Secret in the integration's bot settings (bot.botId, bot.secret).`
      : `The long connection of ${where} failed: ${error.message}`;
    if (held.troubled) {
      logger.debug(message);
      return;
    }
    held.troubled = true;
    if (refused) logger.error(message);
    else logger.warn(message);
  }

  /** Lets the answers under way finish, for a while. */
  async #settle(held: HeldConnection) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      held.transport.idle(),
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, this.#timing.stopGraceMs);
      }),
    ]);
    clearTimeout(timer);
  }

  #close(held: HeldConnection, reason: string) {
    held.logger.info(
      `Closing the smart bot's long connection of integration "${held.integrationId}": ${reason}`,
    );
    held.client.removeAllListeners();
    if (!held.closedByServer) held.client.disconnect();
  }

  #minutes() {
    const ms = this.#timing.retryAfterFailureMs;
    return ms >= 60_000
      ? `${Math.round(ms / 60_000)} min`
      : `${Math.round(ms / 1000)} s`;
  }
}
