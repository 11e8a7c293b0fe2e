import { LoggerService } from '@backstage/backend-plugin-api';
import type { WSClient } from '@wecom/aibot-node-sdk';
import { CallbackReceiptStore } from '../../../callbacks/CallbackReceiptStore';
import { BotLongConnectionSettings } from '../../../integrations/types';
import { BotConversation } from '../types';
import {
  LongConnectionTransport,
  LongConnectionTransportTiming,
} from './LongConnectionTransport';
import { aibotSdk } from './sdk';
import type { LongConnectionSdkOptions } from './LongConnectionManager';
import { createSdkLogger } from './sdkLogger';

export /** One long connection this replica holds. */
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

/** What opening a connection needs from the manager. */
export interface OpenConnectionDeps {
  conversation: BotConversation;
  receipts: Pick<CallbackReceiptStore, 'recordFirst' | 'forget'>;
  logger: LoggerService;
  timing?: LongConnectionTransportTiming;
  sdk?: LongConnectionSdkOptions;
  /** After WeCom refused the bot or another client took it over. */
  retryAfterFailureMs: number;
}

/**
 * Opens the SDK's `WSClient` for a bot whose lease this replica won, with
 * the transport that answers its messages; the SDK's events mark when to
 * reopen.
 */
export function openHeldConnection(
  deps: OpenConnectionDeps,
  integrationId: string,
  settings: BotLongConnectionSettings,
  leaseUntil: number,
): HeldConnection {
  const logger = deps.logger.child({ integrationId });
  const client = new (aibotSdk().WSClient)({
    botId: settings.botId,
    secret: settings.secret,
    ...(settings.wsUrl && { wsUrl: settings.wsUrl }),
    logger: createSdkLogger(logger, [settings.secret]),
    // The lease, not the SDK, decides when to stop.
    maxReconnectAttempts: -1,
    ...deps.sdk,
  });
  const transport = new LongConnectionTransport({
    integrationId,
    client,
    conversation: deps.conversation,
    receipts: deps.receipts,
    logger,
    timing: deps.timing,
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
  const retryIn = minutes(deps.retryAfterFailureMs);
  client.on('authenticated', () => {
    held.troubled = false;
    logger.info(`The smart bot's long connection of ${where} is up`);
  });
  client.on('error', error =>
    onError(held, where, error, deps.retryAfterFailureMs),
  );
  client.on('event.disconnected_event', () => {
    held.closedByServer = true;
    held.reopenAt = Date.now() + deps.retryAfterFailureMs;
    logger.warn(
      `WeCom closed the long connection of ${where}: another client connected with the same bot (WeCom keeps one connection per bot; is another deployment using it?). Trying again in ${retryIn}.`,
    );
  });
  logger.info(`Opening the smart bot's long connection of ${where}`);
  client.connect();
  return held;
}

function onError(
  held: HeldConnection,
  where: string,
  error: Error,
  retryAfterFailureMs: number,
) {
  const { logger } = held;
  if (error instanceof aibotSdk().WSAuthFailureError) {
    held.reopenAt = Date.now() + retryAfterFailureMs;
    logger.error(
      `Gave up connecting ${where} after repeated refusals; trying again in ${minutes(
        retryAfterFailureMs,
      )} or when its settings change.`,
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

/** Lets the answers under way finish, for at most `graceMs`. */
export async function settleHeldConnection(
  held: HeldConnection,
  graceMs: number,
) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    held.transport.idle(),
    new Promise<void>(resolve => {
      timer = setTimeout(resolve, graceMs);
    }),
  ]);
  clearTimeout(timer);
}

export function closeHeldConnection(held: HeldConnection, reason: string) {
  held.logger.info(
    `Closing the smart bot's long connection of integration "${held.integrationId}": ${reason}`,
  );
  held.client.removeAllListeners();
  if (!held.closedByServer) held.client.disconnect();
}

function minutes(ms: number) {
  return ms >= 60_000
    ? `${Math.round(ms / 60_000)} min`
    : `${Math.round(ms / 1000)} s`;
}
