import {
  WECOM_PUBLIC_API_BASE_URL,
  type WeComIntegrationView,
  type WeComSuiteSummary,
} from 'backstage-plugin-wecom-common';
import {
  effectiveSecretState,
  FormErrors,
  IntegrationFormValues,
  SecretKey,
  secretFieldSpecs,
} from './formValues';

/** What the form knows besides its own values. */
export interface FormContext {
  /** The integration being edited; undefined when creating one. */
  editing?: WeComIntegrationView;
  /** Every integration, to catch a taken ID before the server does. */
  integrations: WeComIntegrationView[];
  /** The suites configured in Backstage; undefined when unknown. */
  suites?: WeComSuiteSummary[];
}

// The same rules as the backend's zod schema
// (plugins/wecom-backend/src/integrations/validation.ts) and its whole-
// integration checks, worded for the person filling in the form.
const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const CORP_ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;
const TOKEN_PATTERN = /^[A-Za-z0-9]{1,32}$/;
const ENCODING_AES_KEY_PATTERN = /^[A-Za-z0-9]{43}$/;
const AGENT_ID_PATTERN = /^[0-9]+$/;
const BOT_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** Checks the form; an empty result means it can be sent. */
export function validateIntegrationForm(
  values: IntegrationFormValues,
  context: FormContext,
): FormErrors {
  const { editing } = context;
  const errors: FormErrors = {};
  const customApp = values.mode === 'customApp';

  if (!editing) {
    const id = values.id.trim();
    if (!id) {
      errors.id =
        'Integration ID is required: it becomes part of the callback URLs.';
    } else if (!ID_PATTERN.test(id)) {
      errors.id =
        'Use lower-case letters, digits, - and _, starting with a letter or digit (at most 63 characters).';
    } else if (context.integrations.some(i => i.id === id)) {
      errors.id = `An integration with the ID ${id} already exists.`;
    }
  }

  const name = values.name.trim();
  if (!name) {
    errors.name = 'Name is required.';
  } else if (name.length > 255) {
    errors.name = 'Name must be at most 255 characters.';
  }

  const corpId = values.corpId.trim();
  if (!corpId) {
    errors.corpId =
      'Corp ID is required: find it under My Company → Company Information.';
  } else if (!CORP_ID_PATTERN.test(corpId)) {
    errors.corpId =
      'Corp ID is letters and digits only (at most 64), e.g. ww0123456789abcdef.';
  }

  if (customApp) {
    Object.assign(errors, validateCustomApp(values, editing));
  } else {
    const suiteError = validateSuite(values.suiteId.trim(), context.suites);
    if (suiteError) errors.suiteId = suiteError;
  }

  // The bot's keys are only sent, and needed, for its callback.
  if (values.botMode === 'callback') {
    Object.assign(
      errors,
      validatePair(values, editing, 'botToken', 'botEncodingAESKey'),
    );
  } else {
    Object.assign(errors, validateLongConnection(values, editing));
  }

  if (editing) {
    for (const [key, message] of Object.entries(
      secretsToEnterAgain(values, editing),
    )) {
      errors[key as SecretKey] ??= message;
    }
  }

  return errors;
}

/**
 * A third-party app's suite: one of those Backstage has, when it said
 * which; typed (optional) otherwise.
 */
function validateSuite(
  suiteId: string,
  suites: WeComSuiteSummary[] | undefined,
): string | undefined {
  if (!suites) {
    return suiteId.length > 128
      ? 'Suite ID must be at most 128 characters.'
      : undefined;
  }
  if (suites.length === 0) {
    return 'No third-party suite is configured in Backstage: your Backstage admin adds it under wecom.suites first.';
  }
  if (suites.length === 1) return undefined;
  if (!suiteId) return 'Choose the suite the corp installs.';
  if (!suites.some(suite => suite.suiteId === suiteId)) {
    return `The suite ${suiteId} is not configured in Backstage any more: choose one that is.`;
  }
  return undefined;
}

/** A custom app's AgentId, Secret, Endpoint and callback keys. */
function validateCustomApp(
  values: IntegrationFormValues,
  editing: WeComIntegrationView | undefined,
): FormErrors {
  const errors: FormErrors = {};
  const agentId = values.agentId.trim();
  if (!agentId) {
    errors.agentId =
      "AgentId is required for a custom app: it is shown on the app's page in App Management.";
  } else if (
    !AGENT_ID_PATTERN.test(agentId) ||
    !Number.isSafeInteger(Number(agentId)) ||
    Number(agentId) < 1
  ) {
    errors.agentId = 'AgentId must be a positive whole number, e.g. 1000002.';
  }

  const secret = values.secrets.secret;
  if (secret.value.trim().length > 512) {
    errors.secret = 'Secret must be at most 512 characters.';
  } else if (effectiveSecretState('secret', secret, editing) === 'unset') {
    errors.secret =
      "Secret is required for a custom app: copy it from the app's page in App Management.";
  }

  if (values.privateDeployment) {
    const endpoint = values.apiBaseUrl.trim();
    if (!endpoint) {
      errors.apiBaseUrl =
        'Enter the API address of your private WeCom deployment, e.g. https://wecom.example.com.';
    } else if (!isHttpUrl(endpoint)) {
      errors.apiBaseUrl =
        'Endpoint must be a URL starting with http:// or https://, e.g. https://wecom.example.com.';
    }
  }

  return {
    ...errors,
    ...validatePair(values, editing, 'callbackToken', 'callbackEncodingAESKey'),
  };
}

/** A Token and its EncodingAESKey: their shapes, and both or neither. */
function validatePair(
  values: IntegrationFormValues,
  editing: WeComIntegrationView | undefined,
  tokenKey: SecretKey,
  aesKeyKey: SecretKey,
): FormErrors {
  const errors: FormErrors = {};
  const token = values.secrets[tokenKey].value.trim();
  const aesKey = values.secrets[aesKeyKey].value.trim();
  if (token && !TOKEN_PATTERN.test(token)) {
    errors[
      tokenKey
    ] = `${secretFieldSpecs[tokenKey].label} must be 1 to 32 letters or digits.`;
  }
  if (aesKey && !ENCODING_AES_KEY_PATTERN.test(aesKey)) {
    errors[
      aesKeyKey
    ] = `${secretFieldSpecs[aesKeyKey].label} must be exactly 43 letters or digits (it has ${aesKey.length}); use Generate to make one.`;
  }
  const tokenState = effectiveSecretState(
    tokenKey,
    values.secrets[tokenKey],
    editing,
  );
  const aesKeyState = effectiveSecretState(
    aesKeyKey,
    values.secrets[aesKeyKey],
    editing,
  );
  // The backend keeps a Token only together with its EncodingAESKey.
  if (tokenState !== aesKeyState) {
    const missing = tokenState === 'unset' ? tokenKey : aesKeyKey;
    errors[
      missing
    ] ??= `${secretFieldSpecs[tokenKey].label} and ${secretFieldSpecs[aesKeyKey].label} work as a pair: set both or clear both.`;
  }
  return errors;
}

const NEVER_SENT_ELSEWHERE =
  'Backstage never sends a stored secret to a new address.';

/**
 * The backend refuses to keep a stored secret when where it goes changes
 * (the Endpoint gets the Secret; the Bot ID and long-connection address
 * the Bot Secret): whoever changes the address enters the secret again.
 */
function secretsToEnterAgain(
  values: IntegrationFormValues,
  editing: WeComIntegrationView,
): Partial<Record<SecretKey, string>> {
  const errors: Partial<Record<SecretKey, string>> = {};
  const kept = (key: SecretKey) => {
    const draft = values.secrets[key];
    return (
      !draft.value.trim() &&
      !draft.clear &&
      secretFieldSpecs[key].storedState(editing) === 'set'
    );
  };
  const endpoint = values.privateDeployment
    ? values.apiBaseUrl.trim()
    : WECOM_PUBLIC_API_BASE_URL;
  // A third-party app sends no Secret: its suite's endpoint gets the suite's.
  if (
    values.mode === 'customApp' &&
    kept('secret') &&
    trimSlashes(endpoint) !== editing.apiBaseUrl
  ) {
    errors.secret = `You changed the Endpoint: enter the Secret again. ${NEVER_SENT_ELSEWHERE}`;
  }
  if (
    values.botMode === 'longConnection' &&
    editing.bot.mode === 'longConnection' &&
    kept('botSecret')
  ) {
    const changed = [
      values.botId.trim() !== (editing.bot.botId ?? '') && 'Bot ID',
      values.botWsUrl.trim() !== (editing.bot.wsUrl ?? '') &&
        'long-connection address',
    ].filter(Boolean);
    if (changed.length) {
      errors.botSecret = `You changed the ${changed.join(
        ' and the ',
      )}: enter the Bot Secret again. ${NEVER_SENT_ELSEWHERE}`;
    }
  }
  return errors;
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The long connection needs the bot's id and Secret; the address is optional. */
function validateLongConnection(
  values: IntegrationFormValues,
  editing: WeComIntegrationView | undefined,
): FormErrors {
  const errors: FormErrors = {};
  const botId = values.botId.trim();
  if (!botId) {
    errors.botId =
      "Bot ID is required for the long connection: find it in the bot's API settings in WeCom.";
  } else if (!BOT_ID_PATTERN.test(botId)) {
    errors.botId =
      'Bot ID is letters, digits, - and _ only (at most 128), as WeCom shows it.';
  }
  const secret = values.secrets.botSecret;
  if (secret.value.trim().length > 512) {
    errors.botSecret = 'Bot Secret must be at most 512 characters.';
  } else if (effectiveSecretState('botSecret', secret, editing) === 'unset') {
    errors.botSecret =
      "Bot Secret is required for the long connection: copy it from the bot's API settings in WeCom.";
  }
  const wsUrl = values.botWsUrl.trim();
  if (wsUrl && !isWebSocketUrl(wsUrl)) {
    errors.botWsUrl =
      'The address must be a URL starting with ws:// or wss://, e.g. wss://openws.wecom.example.com.';
  }
  return errors;
}

function isWebSocketUrl(value: string): boolean {
  if (!/^wss?:\/\//.test(value)) return false;
  try {
    return Boolean(new URL(value).host);
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//.test(value)) return false;
  try {
    return Boolean(new URL(value).host);
  } catch {
    return false;
  }
}
