import type {
  SecretState,
  WeComBotTransport,
  WeComIntegrationMode,
  WeComIntegrationView,
} from 'backstage-plugin-wecom-common';
import { generateEncodingAESKey, generateToken } from './generateKeys';

/** The write-only values of an integration, as the form names them. */
export type SecretKey =
  | 'secret'
  | 'callbackToken'
  | 'callbackEncodingAESKey'
  | 'botToken'
  | 'botEncodingAESKey'
  | 'botSecret';

/**
 * What the admin did with one secret: typed a new value, asked to clear the
 * stored one, or neither (keep it).
 */
export interface SecretDraft {
  value: string;
  clear: boolean;
}

/** Everything the form edits, as the admin typed it. */
export interface IntegrationFormValues {
  id: string;
  name: string;
  mode: WeComIntegrationMode;
  corpId: string;
  /** Text, so a typo can be explained instead of silently dropped. */
  agentId: string;
  privateDeployment: boolean;
  apiBaseUrl: string;
  suiteId: string;
  warRoomEnabled: boolean;
  /** One-Click Link may match members by their personal email. */
  matchPersonalEmail: boolean;
  /** How WeCom reaches the smart bot. */
  botMode: WeComBotTransport;
  /** Long connection: the bot's id (not a secret, so prefilled). */
  botId: string;
  /** Long connection: a private deployment's address; empty for WeCom's. */
  botWsUrl: string;
  secrets: Record<SecretKey, SecretDraft>;
}

/** Every field that can carry a validation message. */
export type FormField =
  | Exclude<
      keyof IntegrationFormValues,
      | 'secrets'
      | 'privateDeployment'
      | 'warRoomEnabled'
      | 'matchPersonalEmail'
      | 'botMode'
    >
  | SecretKey;

export type FormErrors = Partial<Record<FormField, string>>;

/** How each secret is shown, where its stored state is and how to make one. */
export interface SecretFieldSpec {
  key: SecretKey;
  label: string;
  description: string;
  storedState: (view: WeComIntegrationView) => SecretState;
  generate?: () => string;
  /** Hidden like a password; Token and EncodingAESKey are copied into WeCom. */
  masked: boolean;
}

export const secretFieldSpecs: Record<SecretKey, SecretFieldSpec> = {
  secret: {
    key: 'secret',
    label: 'Secret',
    description:
      "The app's Secret, from its page in the WeCom admin console (App Management).",
    storedState: view => view.secret,
    masked: true,
  },
  callbackToken: {
    key: 'callbackToken',
    label: 'Callback Token',
    description:
      'Enter the same Token under Receive Messages → Set API Receive in the WeCom admin console.',
    storedState: view => view.callback.token,
    generate: generateToken,
    masked: false,
  },
  callbackEncodingAESKey: {
    key: 'callbackEncodingAESKey',
    label: 'Callback EncodingAESKey',
    description:
      '43 letters and digits; enter the same key next to the Callback Token in WeCom.',
    storedState: view => view.callback.encodingAESKey,
    generate: generateEncodingAESKey,
    masked: false,
  },
  botToken: {
    key: 'botToken',
    label: 'Bot Token',
    description:
      "The smart bot's Token, entered in the bot's API mode settings in WeCom.",
    storedState: view => view.bot.token,
    generate: generateToken,
    masked: false,
  },
  botEncodingAESKey: {
    key: 'botEncodingAESKey',
    label: 'Bot EncodingAESKey',
    description:
      "The smart bot's EncodingAESKey: 43 letters and digits, entered next to the Bot Token.",
    storedState: view => view.bot.encodingAESKey,
    generate: generateEncodingAESKey,
    masked: false,
  },
  botSecret: {
    key: 'botSecret',
    label: 'Bot Secret',
    description:
      "The smart bot's Secret for the long connection, shown next to its Bot ID in the bot's API settings in WeCom.",
    storedState: view => view.bot.secret,
    masked: true,
  },
};

const untouched = (): SecretDraft => ({ value: '', clear: false });

function untouchedSecrets(): Record<SecretKey, SecretDraft> {
  return {
    secret: untouched(),
    callbackToken: untouched(),
    callbackEncodingAESKey: untouched(),
    botToken: untouched(),
    botEncodingAESKey: untouched(),
    botSecret: untouched(),
  };
}

/** A blank form for a new integration: custom app on WeCom's public cloud. */
export function emptyFormValues(): IntegrationFormValues {
  return {
    id: '',
    name: '',
    mode: 'customApp',
    corpId: '',
    agentId: '',
    privateDeployment: false,
    apiBaseUrl: '',
    suiteId: '',
    warRoomEnabled: false,
    matchPersonalEmail: false,
    botMode: 'callback',
    botId: '',
    botWsUrl: '',
    secrets: untouchedSecrets(),
  };
}

/** The form for editing an integration; secrets are never prefilled. */
export function formValuesFromView(
  view: WeComIntegrationView,
): IntegrationFormValues {
  return {
    id: view.id,
    name: view.name,
    mode: view.mode,
    corpId: view.corpId,
    agentId: view.agentId === undefined ? '' : String(view.agentId),
    privateDeployment: view.privateDeployment,
    apiBaseUrl: view.privateDeployment ? view.apiBaseUrl : '',
    suiteId: view.suiteId ?? '',
    warRoomEnabled: view.warRoom.enabled,
    matchPersonalEmail: view.oneClickLink?.matchPersonalEmail ?? false,
    botMode: view.bot.mode,
    botId: view.bot.botId ?? '',
    botWsUrl: view.bot.wsUrl ?? '',
    secrets: untouchedSecrets(),
  };
}

/**
 * Whether a secret will have a value after saving: a typed value sets it,
 * Clear removes it, otherwise the stored state stays.
 */
export function effectiveSecretState(
  key: SecretKey,
  draft: SecretDraft,
  editing: WeComIntegrationView | undefined,
): SecretState {
  if (draft.value.trim()) return 'set';
  if (draft.clear || !editing) return 'unset';
  return secretFieldSpecs[key].storedState(editing);
}
