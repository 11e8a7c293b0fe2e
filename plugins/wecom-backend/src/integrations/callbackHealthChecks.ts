import { WeComHealthCheck } from 'backstage-plugin-wecom-common';
import { isError } from '@backstage/errors';
import { DateTime } from 'luxon';
import { WeComCrypto } from '../crypto/WeComCrypto';
import { TITLES } from './healthCheckReport';
import { IntegrationState } from './IntegrationStateStore';
import { WeComIntegration } from './types';

/** Who holds a bot's long connection (the lease of `BotConnectionLock`). */
export interface BotConnectionLeases {
  lease(
    integrationId: string,
  ): Promise<{ holder: string; expiresAt: DateTime } | undefined>;
}

/**
 * The smart bot. Callback mode: a sample encrypted with the configured
 * Token and EncodingAESKey decrypts with our own crypto (the keys are
 * well-formed and consistent), and whether WeCom verified the bot's
 * callback URL; until it has, the result is 'unknown'. Long connection: a
 * backend replica holds the connection's lease (the holder keeps the
 * WebSocket open, renewing the lease while it runs).
 */
export async function botCheck(
  integration: WeComIntegration,
  state: IntegrationState,
  botConnections: BotConnectionLeases,
): Promise<WeComHealthCheck> {
  const base = { id: 'bot' as const, title: TITLES.bot };
  const bot = integration.bot;
  if (!bot) {
    return { ...base, status: 'skipped', message: 'No smart bot is set up' };
  }
  if (bot.mode === 'longConnection') {
    const lease = await botConnections.lease(integration.id);
    if (lease && lease.expiresAt > DateTime.utc()) {
      return {
        ...base,
        status: 'ok',
        message: `A backend replica (${lease.holder}) holds the long connection`,
      };
    }
    return {
      ...base,
      status: 'failed',
      message: 'No backend replica holds the long connection',
      hint: "Check the bot's Bot ID and Secret (WeCom admin console → the bot → API mode: long connection) and that the backend can reach WeCom's WebSocket; the backend log names the cause",
    };
  }
  const sample = `health-check-${DateTime.utc().toMillis()}`;
  try {
    const crypto = new WeComCrypto({
      token: bot.token,
      encodingAESKey: bot.encodingAESKey,
      receiveId: '',
    });
    if (crypto.decrypt(crypto.encrypt(sample)).message !== sample) {
      throw new Error('the sample did not decrypt to itself');
    }
  } catch (error) {
    return {
      ...base,
      status: 'failed',
      message: `The bot's callback keys do not work: ${
        isError(error) ? error.message : String(error)
      }`,
      hint: "Copy the bot's Token and EncodingAESKey (43 characters) from the bot's API settings in the WeCom admin console",
    };
  }
  if (state.botVerifiedAt) {
    return {
      ...base,
      status: 'ok',
      message: `The keys decrypt a sample; WeCom verified the bot's callback URL ${state.botVerifiedAt.toRelative()}`,
    };
  }
  return {
    ...base,
    status: 'unknown',
    message:
      "The keys decrypt a sample; WeCom has not verified the bot's callback URL yet",
    hint: "Save the bot's callback URL, Token and EncodingAESKey in the bot's API settings in WeCom; WeCom verifies the URL on save",
  };
}

/** The app's callback URL: its keys are set and WeCom reached it. */
export function callbackCheck(
  integration: WeComIntegration,
  state: IntegrationState,
): WeComHealthCheck {
  const base = { id: 'callback' as const, title: TITLES.callback };
  if (!integration.callback) {
    return {
      ...base,
      status: 'failed',
      message: 'No callback Token and EncodingAESKey are set',
      hint: 'In the app\'s "API receive" settings in WeCom, generate a Token and EncodingAESKey, enter them here, then save the Callback URL in WeCom',
    };
  }
  const seen = state.lastCallbackAt ?? state.callbackVerifiedAt;
  if (!state.callbackVerifiedAt && !state.lastCallbackAt) {
    return {
      ...base,
      status: 'failed',
      message: 'WeCom has not verified the Callback URL yet',
      hint: 'Paste the Callback URL, Token and EncodingAESKey into the app\'s "API receive" settings in WeCom and save; WeCom verifies the URL on save',
    };
  }
  return {
    ...base,
    status: 'ok',
    message: `WeCom last reached the callback ${seen!.toRelative()}`,
  };
}
