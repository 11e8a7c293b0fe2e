import { InputError } from '@backstage/errors';
import {
  WECOM_PUBLIC_API_BASE_URL,
  WeComIntegrationInput,
} from 'backstage-plugin-wecom-common';
import { z } from 'zod';

// WeCom's own limits on what the admin console accepts.
const callbackKeysInput = z.object({
  token: z
    .string()
    .regex(
      /^[A-Za-z0-9]{1,32}$/,
      'Token must be 1 to 32 letters or digits, as WeCom generates it',
    )
    .or(z.literal(''))
    .optional(),
  encodingAESKey: z
    .string()
    .regex(
      /^[A-Za-z0-9]{43}$/,
      'EncodingAESKey must be exactly 43 letters or digits',
    )
    .or(z.literal(''))
    .optional(),
});

/** WeCom's bot ids are letters and digits (e.g. aib…); a little leeway. */
const BOT_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The smart bot: a transport and its fields. Strict, so a misspelt field
 * is refused rather than silently dropped; which fields go with which
 * transport is checked with the stored settings (`resolveBotSettings`).
 */
const botInput = z
  .object({
    mode: z
      .enum(['callback', 'longConnection'], {
        message: 'Bot mode must be callback or longConnection',
      })
      .optional(),
    ...callbackKeysInput.shape,
    botId: z
      .string()
      .trim()
      .regex(
        BOT_ID_PATTERN,
        "Bot ID must be 1 to 128 letters, digits, - or _, as shown in the bot's API settings",
      )
      .or(z.literal(''))
      .optional(),
    secret: z
      .string()
      .max(512, 'Bot Secret must be at most 512 characters')
      .optional(),
    wsUrl: z
      .string()
      .url(
        'Long-connection address must be a URL such as wss://openws.example.com',
      )
      .refine(
        u => /^wss?:\/\//.test(u),
        'Long-connection address must start with ws:// or wss://',
      )
      .or(z.literal(''))
      .optional(),
  })
  .strict();

/** What an integration id looks like; it is part of the callback URLs. */
export const INTEGRATION_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The shape of `POST /integrations` and `PUT /integrations/:id` bodies. */
export const integrationInputSchema = z
  .object({
    id: z
      .string()
      .regex(
        INTEGRATION_ID_PATTERN,
        'Id must start with a lower-case letter or digit and use only a-z, 0-9, - and _ (at most 63 characters); it becomes part of the callback URL',
      )
      .optional(),
    name: z.string().trim().min(1, 'Name is required').max(255),
    mode: z.enum(['customApp', 'thirdPartyApp'], {
      message: 'Mode must be customApp or thirdPartyApp',
    }),
    corpId: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9]{1,64}$/,
        'Corp ID must be letters and digits, as shown under My Company → Company Information (e.g. ww0123456789abcdef)',
      ),
    agentId: z
      .number({ message: 'AgentId must be a number' })
      .int()
      .positive('AgentId must be a positive number')
      .optional(),
    secret: z.string().max(512).optional(),
    apiBaseUrl: z
      .string()
      .url('Endpoint must be a URL such as https://qyapi.example.com')
      .refine(u => /^https?:\/\//.test(u), 'Endpoint must use http or https')
      .optional(),
    callback: callbackKeysInput.optional(),
    bot: botInput.optional(),
    warRoom: z.object({ enabled: z.boolean() }).optional(),
    oneClickLink: z
      .object({
        matchPersonalEmail: z.boolean({
          message: 'oneClickLink.matchPersonalEmail must be true or false',
        }),
      })
      .strict()
      .optional(),
    suiteId: z.string().max(128).optional(),
  })
  .strict();

/** Parses a request body, turning zod's findings into one readable 400. */
export function parseIntegrationInput(body: unknown): WeComIntegrationInput {
  const result = integrationInputSchema.safeParse(body);
  if (!result.success) {
    const reasons = result.error.issues.map(issue =>
      issue.path.length
        ? `${issue.path.join('.')}: ${issue.message}`
        : issue.message,
    );
    throw new InputError(`Invalid integration: ${reasons.join('; ')}`);
  }
  return result.data;
}

/** Normalises a base URL: no trailing slash, WeCom's public one by default. */
export function normaliseApiBaseUrl(url: string | undefined): string {
  return (url || WECOM_PUBLIC_API_BASE_URL).replace(/\/+$/, '');
}
