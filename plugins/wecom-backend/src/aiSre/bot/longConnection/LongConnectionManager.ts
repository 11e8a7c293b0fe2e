import { LoggerService } from '@backstage/backend-plugin-api';
import type { WSClientOptions } from '@wecom/aibot-node-sdk';
import { Duration } from 'luxon';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { CallbackReceiptStore } from '../../../callbacks/CallbackReceiptStore';
import { AllowedHosts } from '../../../integrations/allowedHosts';
import { IntegrationService } from '../../../integrations/IntegrationService';
import {
  BotLongConnectionSettings,
  botLongConnection,
} from '../../../integrations/types';
import { BotConversation } from '../types';
import { BotConnectionLock } from './BotConnectionLock';
import {
  HeldConnection,
  closeHeldConnection,
  openHeldConnection,
  settleHeldConnection,
} from './HeldConnection';
import { LongConnectionTransportTiming } from './LongConnectionTransport';
import { describeSdkError } from './sdkErrors';
import { WsUrlRefusals } from './WsUrlRefusals';

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
  readonly #refusals: WsUrlRefusals;
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
    this.#refusals = new WsUrlRefusals(options.allowedHosts, options.logger);
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
        await settleHeldConnection(held, this.#timing.stopGraceMs);
        closeHeldConnection(held, 'the backend is stopping');
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
          const problem = this.#refusals.problemOf(integration);
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
    this.#refusals.log(refused);

    for (const held of [...this.#held.values()]) {
      const next = wanted.get(held.integrationId);
      if (next && sameSettings(next, held.settings)) continue;
      let reason = 'its bot no longer uses the long connection';
      if (next) reason = 'its bot settings changed';
      else if (refused.has(held.integrationId)) {
        reason = 'its bot.wsUrl is not an allowed host';
      }
      closeHeldConnection(held, reason);
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
        closeHeldConnection(held, 'another replica holds its lease now');
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
      closeHeldConnection(held, 'trying again');
      this.#open(integrationId, settings, leaseUntil);
    }
  }

  #open(
    integrationId: string,
    settings: BotLongConnectionSettings,
    leaseUntil: number,
  ) {
    const held = openHeldConnection(
      {
        ...this.options,
        retryAfterFailureMs: this.#timing.retryAfterFailureMs,
      },
      integrationId,
      settings,
      leaseUntil,
    );
    this.#held.set(integrationId, held);
  }

  /** Without a confirmed lease another replica may take over: close. */
  #dropUnconfirmedLeases() {
    for (const held of [...this.#held.values()]) {
      if (Date.now() < held.leaseUntil) continue;
      closeHeldConnection(held, 'its lease could not be renewed');
      this.#held.delete(held.integrationId);
    }
  }
}
