import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { WeComIntegrationInput } from 'backstage-plugin-wecom-common';
import { resolveBotSettings } from './botSettings';
import { integrationInputSchema, normaliseApiBaseUrl } from './validation';
import { CallbackKeys, WeComIntegration, WeComSuiteConfig } from './types';

/**
 * Reads `wecom.integrations` from app-config, with the same rules as the
 * setup form so a typo fails at start-up with the same clear message.
 */
export function readConfigIntegrations(config: Config): WeComIntegration[] {
  const entries = config.getOptionalConfigArray('wecom.integrations') ?? [];
  return entries.map((entry, index) => {
    const raw = {
      id: entry.getString('id'),
      name: entry.getOptionalString('name') ?? entry.getString('id'),
      mode: entry.getOptionalString('mode') ?? 'customApp',
      corpId: entry.getString('corpId'),
      agentId: entry.getOptionalNumber('agentId'),
      secret: entry.getOptionalString('secret'),
      apiBaseUrl: entry.getOptionalString('apiBaseUrl'),
      callback: readKeys(entry.getOptionalConfig('callback')),
      bot: readBot(entry.getOptionalConfig('bot')),
      warRoom: {
        enabled: entry.getOptionalBoolean('warRoom.enabled') ?? false,
      },
      oneClickLink: {
        matchPersonalEmail:
          entry.getOptionalBoolean('oneClickLink.matchPersonalEmail') ?? false,
      },
      suiteId: entry.getOptionalString('suiteId'),
    };
    const parsed = integrationInputSchema.safeParse(raw);
    if (!parsed.success) {
      const reasons = parsed.error.issues
        .map(i => `${i.path.join('.')}: ${i.message}`)
        .join('; ');
      throw new InputError(
        `Invalid wecom.integrations[${index}] (${raw.id}): ${reasons}`,
      );
    }
    const where = `wecom.integrations[${index}] (${raw.id})`;
    const integration = toIntegration(parsed.data, 'config', where);
    if (raw.bot && !integration.bot) {
      throw new InputError(
        `Invalid ${where}: bot: the bot callback needs its token and encodingAESKey (or set bot.mode to longConnection with botId and secret)`,
      );
    }
    assertComplete(integration, where);
    return integration;
  });
}

/** Reads `wecom.suites` (third-party app mode). */
export function readConfigSuites(config: Config): WeComSuiteConfig[] {
  return (config.getOptionalConfigArray('wecom.suites') ?? []).map(s => ({
    suiteId: s.getString('suiteId'),
    name: s.getOptionalString('name'),
    apiBaseUrl: s.getOptionalString('apiBaseUrl'),
    suiteSecret: s.getString('suiteSecret'),
    token: s.getString('token'),
    encodingAESKey: s.getString('encodingAESKey'),
  }));
}

/**
 * Builds an integration from validated input; empty secrets count as none.
 * `where` names it in the error when its bot settings are incomplete.
 */
export function toIntegration(
  input: WeComIntegrationInput,
  source: WeComIntegration['source'],
  where = 'integration',
): WeComIntegration {
  return {
    id: input.id!,
    name: input.name,
    mode: input.mode,
    corpId: input.corpId,
    agentId: input.agentId,
    secret: input.secret || undefined,
    apiBaseUrl: normaliseApiBaseUrl(input.apiBaseUrl),
    callback: completeKeys(input.callback),
    bot: resolveBotSettings(undefined, input.bot, where),
    warRoom: { enabled: input.warRoom?.enabled ?? false },
    // Omitted (also on update) means off: the safe default.
    oneClickLink: {
      matchPersonalEmail: input.oneClickLink?.matchPersonalEmail ?? false,
    },
    suiteId: input.suiteId || undefined,
    source,
  };
}

/**
 * The rules that need the whole integration: what each mode requires and
 * where War Rooms are possible.
 */
export function assertComplete(integration: WeComIntegration, where: string) {
  const problems: string[] = [];
  if (integration.mode === 'customApp') {
    if (!integration.agentId)
      problems.push('agentId is required for a custom app');
    if (!integration.secret)
      problems.push('secret is required for a custom app');
  }
  if (integration.warRoom.enabled && integration.mode !== 'customApp') {
    problems.push(
      'War Room needs custom-app mode: WeCom lets only a self-built app create group chats',
    );
  }
  if (problems.length) {
    throw new InputError(`Invalid ${where}: ${problems.join('; ')}`);
  }
}

function readKeys(
  config: Config | undefined,
): { token: string; encodingAESKey: string } | undefined {
  if (!config) return undefined;
  return {
    token: config.getString('token'),
    encodingAESKey: config.getString('encodingAESKey'),
  };
}

/**
 * The bot section as given; what each transport needs is checked with the
 * setup form's rules, so a missing `botId` or `token` fails start-up with
 * the same message.
 */
function readBot(config: Config | undefined) {
  if (!config) return undefined;
  const fields = [
    'mode',
    'token',
    'encodingAESKey',
    'botId',
    'secret',
    'wsUrl',
  ] as const;
  return Object.fromEntries(
    fields.flatMap(field => {
      const value = config.getOptionalString(field);
      return value === undefined ? [] : [[field, value]];
    }),
  );
}

function completeKeys(
  keys: { token?: string; encodingAESKey?: string } | undefined,
): CallbackKeys | undefined {
  if (!keys?.token || !keys?.encodingAESKey) return undefined;
  return { token: keys.token, encodingAESKey: keys.encodingAESKey };
}
