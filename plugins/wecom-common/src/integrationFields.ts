import { z } from 'zod';

// The rules of the integration fields, shared by the backend (which refuses
// a body that breaks them) and the setup form (which shows the same message
// before sending), so the two cannot drift. WeCom's own limits on what its
// admin console accepts.

/**
 * What an integration id looks like; it is part of the callback URLs.
 *
 * @public
 */
export const WECOM_INTEGRATION_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** WeCom's bot ids are letters and digits (e.g. aib…); a little leeway. */
const BOT_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * A URL with a host whose scheme is one of `schemes`. Spaces around it are
 * trimmed (a pasted address often carries them); white space or control
 * characters inside it are refused, not silently dropped as the URL parser
 * would, since the stored text is what the clients and the allowed-hosts
 * check read.
 */
function urlWithScheme(schemes: RegExp, message: string) {
  return z
    .string()
    .trim()
    .refine(value => {
      // eslint-disable-next-line no-control-regex
      if (!schemes.test(value) || /[\s\u0000-\u001f\u007f]/.test(value)) {
        return false;
      }
      try {
        return Boolean(new URL(value).host);
      } catch {
        return false;
      }
    }, message);
}

/**
 * The zod schema of each integration field the setup form and the backend
 * both check, with the message a person fixing it reads.
 *
 * @public
 */
export const wecomIntegrationFieldSchemas = {
  id: z
    .string()
    .regex(
      WECOM_INTEGRATION_ID_PATTERN,
      'Id must start with a lower-case letter or digit and use only a-z, 0-9, - and _ (at most 63 characters); it becomes part of the callback URL',
    ),
  name: z
    .string()
    .trim()
    .min(1, 'Name is required')
    .max(255, 'Name must be at most 255 characters'),
  corpId: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9]{1,64}$/,
      'Corp ID must be letters and digits (at most 64), as shown under My Company → Company Information (e.g. ww0123456789abcdef)',
    ),
  agentId: z
    .number({
      message: 'AgentId must be a positive whole number, e.g. 1000002',
    })
    .int('AgentId must be a positive whole number, e.g. 1000002')
    .positive('AgentId must be a positive whole number, e.g. 1000002'),
  secret: z.string().max(512, 'Secret must be at most 512 characters'),
  apiBaseUrl: urlWithScheme(
    /^https?:\/\//,
    'Endpoint must start with http:// or https:// and name a host, e.g. https://wecom.example.com',
  ),
  token: z
    .string()
    .regex(
      /^[A-Za-z0-9]{1,32}$/,
      'Token must be 1 to 32 letters or digits, as WeCom generates it',
    ),
  encodingAESKey: z
    .string()
    .regex(
      /^[A-Za-z0-9]{43}$/,
      'EncodingAESKey must be exactly 43 letters or digits',
    ),
  botId: z
    .string()
    .trim()
    .regex(
      BOT_ID,
      "Bot ID must be 1 to 128 letters, digits, - or _, as shown in the bot's API settings",
    ),
  botSecret: z.string().max(512, 'Bot Secret must be at most 512 characters'),
  botWsUrl: urlWithScheme(
    /^wss?:\/\//,
    'Long-connection address must start with ws:// or wss:// and name a host, e.g. wss://openws.example.com',
  ),
  suiteId: z.string().max(128, 'Suite ID must be at most 128 characters'),
};

/**
 * A field {@link wecomIntegrationFieldSchemas} checks.
 *
 * @public
 */
export type WeComIntegrationField = keyof typeof wecomIntegrationFieldSchemas;

/**
 * The message of the first rule `value` breaks, or undefined when the
 * field is fine: what the setup form shows under the field.
 *
 * @public
 */
export function checkWeComIntegrationField(
  field: WeComIntegrationField,
  value: unknown,
): string | undefined {
  const result = wecomIntegrationFieldSchemas[field].safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}
