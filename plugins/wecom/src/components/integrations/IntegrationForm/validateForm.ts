import {
  checkWeComIntegrationField,
  WECOM_PUBLIC_API_BASE_URL,
  type WeComIntegrationField,
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

// Each field's shape is checked by the backend's own zod schema (shared in
// backstage-plugin-wecom-common) and worded the same; what only the form
// knows (required fields, taken IDs, pairs, stored secrets) is checked here.

/** The shared rule's message for `value`, as a sentence; undefined if fine. */
function fieldProblem(
  field: WeComIntegrationField,
  value: unknown,
): string | undefined {
  const problem = checkWeComIntegrationField(field, value);
  return problem && `${problem}.`;
}

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
    } else if (fieldProblem('id', id)) {
      errors.id = fieldProblem('id', id);
    } else if (context.integrations.some(i => i.id === id)) {
      errors.id = `An integration with the ID ${id} already exists.`;
    }
  }

  const nameProblem = fieldProblem('name', values.name);
  if (nameProblem) errors.name = nameProblem;

  const corpId = values.corpId.trim();
  if (!corpId) {
    errors.corpId =
      'Corp ID is required: find it under My Company → Company Information.';
  } else if (fieldProblem('corpId', corpId)) {
    errors.corpId = fieldProblem('corpId', corpId);
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
    return fieldProblem('suiteId', suiteId);
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
  } else {
    // Only digits: `Number` would also read 1e3 or 0x10.
    const number = /^[0-9]+$/.test(agentId) ? Number(agentId) : Number.NaN;
    const problem = fieldProblem('agentId', number);
    if (problem) errors.agentId = problem;
  }

  const secret = values.secrets.secret;
  const secretProblem = fieldProblem('secret', secret.value.trim());
  if (secretProblem) {
    errors.secret = secretProblem;
  } else if (effectiveSecretState('secret', secret, editing) === 'unset') {
    errors.secret =
      "Secret is required for a custom app: copy it from the app's page in App Management.";
  }

  if (values.privateDeployment) {
    const endpoint = values.apiBaseUrl.trim();
    if (!endpoint) {
      errors.apiBaseUrl =
        'Enter the API address of your private WeCom deployment, e.g. https://wecom.example.com.';
    } else if (fieldProblem('apiBaseUrl', endpoint)) {
      errors.apiBaseUrl = fieldProblem('apiBaseUrl', endpoint);
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
  const tokenProblem = token && fieldProblem('token', token);
  if (tokenProblem) errors[tokenKey] = tokenProblem;
  const aesKeyProblem = aesKey && fieldProblem('encodingAESKey', aesKey);
  if (aesKeyProblem) {
    errors[
      aesKeyKey
    ] = `${aesKeyProblem} It has ${aesKey.length}: use Generate to make one.`;
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
  } else if (fieldProblem('botId', botId)) {
    errors.botId = fieldProblem('botId', botId);
  }
  const secret = values.secrets.botSecret;
  const secretProblem = fieldProblem('botSecret', secret.value.trim());
  if (secretProblem) {
    errors.botSecret = secretProblem;
  } else if (effectiveSecretState('botSecret', secret, editing) === 'unset') {
    errors.botSecret =
      "Bot Secret is required for the long connection: copy it from the bot's API settings in WeCom.";
  }
  const wsUrl = values.botWsUrl.trim();
  const wsUrlProblem = wsUrl && fieldProblem('botWsUrl', wsUrl);
  if (wsUrlProblem) errors.botWsUrl = wsUrlProblem;
  return errors;
}
