import {
  WECOM_PUBLIC_API_BASE_URL,
  WeComBotInput,
  WeComIntegrationInput,
  WeComIntegrationView,
  WeComSuiteSummary,
} from 'backstage-plugin-wecom-common';
import { IntegrationFormValues, SecretDraft } from './formValues';

/**
 * What to send for one write-only secret. Creating: the typed value, if any.
 * Editing: a typed value replaces, Clear sends `''` (the backend removes the
 * value) and an untouched field is left out (the backend keeps it).
 */
function secretInput(draft: SecretDraft, editing: boolean): string | undefined {
  const value = draft.value.trim();
  if (value) return value;
  if (editing && draft.clear) return '';
  return undefined;
}

function keysInput(
  token: SecretDraft,
  encodingAESKey: SecretDraft,
  editing: boolean,
): { token?: string; encodingAESKey?: string } | undefined {
  const keys = {
    token: secretInput(token, editing),
    encodingAESKey: secretInput(encodingAESKey, editing),
  };
  if (keys.token === undefined) delete keys.token;
  if (keys.encodingAESKey === undefined) delete keys.encodingAESKey;
  return Object.keys(keys).length ? keys : undefined;
}

/**
 * The body of `POST /integrations` (no `editing`) or `PUT
 * /integrations/:id`, from a form that passed validation.
 */
export function toIntegrationInput(
  values: IntegrationFormValues,
  options: {
    editing?: WeComIntegrationView;
    warRoomAvailable: boolean;
    /** The suites Backstage has; undefined when unknown. */
    suites?: WeComSuiteSummary[];
  },
): WeComIntegrationInput {
  const editing = Boolean(options.editing);
  const input: WeComIntegrationInput = {
    name: values.name.trim(),
    mode: values.mode,
    corpId: values.corpId.trim(),
    warRoom: {
      enabled: options.warRoomAvailable && values.warRoomEnabled,
    },
  };
  if (!editing) input.id = values.id.trim();
  // Left out means off, also on update.
  if (values.matchPersonalEmail) {
    input.oneClickLink = { matchPersonalEmail: true };
  }
  if (values.mode === 'customApp') {
    Object.assign(input, customAppInput(values, editing));
  } else {
    // Only the suite: its endpoint, secret and keys are the backend's.
    const suiteId = suiteIdInput(values.suiteId.trim(), options.suites);
    if (suiteId) input.suiteId = suiteId;
  }
  const bot = botInput(values, options.editing);
  if (bot) input.bot = bot;
  return input;
}

/** The only configured suite, the chosen one, or what was typed. */
function suiteIdInput(
  suiteId: string,
  suites: WeComSuiteSummary[] | undefined,
): string | undefined {
  if (suites?.length === 1) return suites[0].suiteId;
  return suiteId || undefined;
}

/** A custom app's AgentId, endpoint, Secret and callback keys. */
function customAppInput(
  values: IntegrationFormValues,
  editing: boolean,
): Partial<WeComIntegrationInput> {
  const { secrets } = values;
  const input: Partial<WeComIntegrationInput> = {
    agentId: Number(values.agentId.trim()),
    apiBaseUrl: values.privateDeployment
      ? values.apiBaseUrl.trim()
      : WECOM_PUBLIC_API_BASE_URL,
  };
  const secret = secretInput(secrets.secret, editing);
  if (secret !== undefined) input.secret = secret;
  const callback = keysInput(
    secrets.callbackToken,
    secrets.callbackEncodingAESKey,
    editing,
  );
  if (callback) input.callback = callback;
  return input;
}

/**
 * The smart bot: always with its transport, and only when something
 * changed. A new transport replaces the bot's settings on the backend, so
 * switching sends the new transport even with nothing else (which, for the
 * callback, removes the bot).
 */
function botInput(
  values: IntegrationFormValues,
  editing: WeComIntegrationView | undefined,
): WeComBotInput | undefined {
  const { secrets } = values;
  const mode = values.botMode;
  const switched = (editing?.bot.mode ?? 'callback') !== mode;
  if (mode === 'callback') {
    const keys = keysInput(
      secrets.botToken,
      secrets.botEncodingAESKey,
      Boolean(editing) && !switched,
    );
    return keys || (editing && switched) ? { mode, ...keys } : undefined;
  }
  const stored = switched ? undefined : editing?.bot;
  const bot: WeComBotInput = { mode };
  const botId = values.botId.trim();
  if (botId !== (stored?.botId ?? '')) bot.botId = botId;
  const secret = secretInput(secrets.botSecret, Boolean(stored));
  if (secret !== undefined) bot.secret = secret;
  const wsUrl = values.botWsUrl.trim();
  if (wsUrl !== (stored?.wsUrl ?? '')) bot.wsUrl = wsUrl;
  return Object.keys(bot).length > 1 ? bot : undefined;
}
