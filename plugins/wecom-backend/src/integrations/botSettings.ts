import { InputError } from '@backstage/errors';
import { WeComBotInput } from 'backstage-plugin-wecom-common';
import { BotSettings, CallbackKeys } from './types';

const CALLBACK_FIELDS = ['token', 'encodingAESKey'] as const;
const LONG_CONNECTION_FIELDS = ['botId', 'secret', 'wsUrl'] as const;

/** Write-only rule: omitted keeps the stored value, `''` clears it. */
function pick(
  given: string | undefined,
  stored: string | undefined,
): string | undefined {
  return given === undefined ? stored : given || undefined;
}

/**
 * The bot settings after applying `input` (already shape-checked by the
 * zod schema) to the stored ones. An omitted `mode` keeps the stored
 * transport; a new mode starts afresh, so the other transport's secrets
 * are not kept around. Throws an `InputError` naming `where` when the
 * result is incomplete or mixes the two transports.
 */
export function resolveBotSettings(
  current: BotSettings | undefined,
  input: WeComBotInput | undefined,
  where: string,
): BotSettings | undefined {
  if (input === undefined) return current;
  const mode = input.mode ?? current?.mode ?? 'callback';
  const stored = current?.mode === mode ? current : undefined;
  const foreign = (
    mode === 'callback' ? LONG_CONNECTION_FIELDS : CALLBACK_FIELDS
  ).filter(field => input[field]);
  const problems: string[] = [];
  if (foreign.length) {
    problems.push(
      `${foreign.map(f => `bot.${f}`).join(', ')} ${
        foreign.length > 1 ? 'belong' : 'belongs'
      } to the ${
        mode === 'callback' ? 'long connection' : 'bot callback'
      }, not bot.mode ${mode}`,
    );
  }

  let bot: BotSettings | undefined;
  if (mode === 'callback') {
    const keys = stored as CallbackKeys | undefined;
    const token = pick(input.token, keys?.token);
    const encodingAESKey = pick(input.encodingAESKey, keys?.encodingAESKey);
    if (token && encodingAESKey) {
      bot = { mode, token, encodingAESKey };
    } else if (token || encodingAESKey) {
      problems.push(
        'bot: the bot callback needs both its Token and its EncodingAESKey',
      );
    }
  } else {
    const lc = stored?.mode === 'longConnection' ? stored : undefined;
    const botId = pick(input.botId, lc?.botId);
    const secret = pick(input.secret, lc?.secret);
    const wsUrl = pick(input.wsUrl, lc?.wsUrl);
    if (botId && secret) {
      bot = { mode, botId, secret, ...(wsUrl && { wsUrl }) };
    } else {
      problems.push(
        `bot: the long connection needs the bot's ${[
          !botId && 'ID (botId)',
          !secret && 'Secret (secret)',
        ]
          .filter(Boolean)
          .join(
            ' and ',
          )}, from the bot's API settings in the WeCom admin console`,
      );
    }
  }
  if (problems.length) {
    throw new InputError(`Invalid ${where}: ${problems.join('; ')}`);
  }
  return bot;
}

/**
 * Reads the bot as stored by an older version, before the long connection:
 * a bare Token and EncodingAESKey meant the callback.
 */
export function readStoredBot(
  stored: BotSettings | CallbackKeys | undefined,
): BotSettings | undefined {
  if (!stored) return undefined;
  if ('mode' in stored) return stored;
  return { mode: 'callback', ...stored };
}
