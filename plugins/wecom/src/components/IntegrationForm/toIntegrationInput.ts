import {
  WECOM_PUBLIC_API_BASE_URL,
  WeComIntegrationInput,
  WeComIntegrationView,
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
  options: { editing?: WeComIntegrationView; warRoomAvailable: boolean },
): WeComIntegrationInput {
  const editing = Boolean(options.editing);
  const customApp = values.mode === 'customApp';
  const { secrets } = values;
  const input: WeComIntegrationInput = {
    name: values.name.trim(),
    mode: values.mode,
    corpId: values.corpId.trim(),
    apiBaseUrl: values.privateDeployment
      ? values.apiBaseUrl.trim()
      : WECOM_PUBLIC_API_BASE_URL,
    warRoom: {
      enabled: options.warRoomAvailable && values.warRoomEnabled,
    },
  };
  if (!editing) input.id = values.id.trim();
  if (customApp) input.agentId = Number(values.agentId.trim());
  if (!customApp && values.suiteId.trim()) {
    input.suiteId = values.suiteId.trim();
  }
  const secret = secretInput(secrets.secret, editing);
  if (secret !== undefined) input.secret = secret;
  const callback = keysInput(
    secrets.callbackToken,
    secrets.callbackEncodingAESKey,
    editing,
  );
  if (callback) input.callback = callback;
  const bot = keysInput(secrets.botToken, secrets.botEncodingAESKey, editing);
  if (bot) input.bot = bot;
  return input;
}
