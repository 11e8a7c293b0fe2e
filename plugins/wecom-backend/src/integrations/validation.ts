import { InputError } from '@backstage/errors';
import {
  WECOM_INTEGRATION_ID_PATTERN,
  WECOM_PUBLIC_API_BASE_URL,
  WeComIntegrationInput,
  wecomIntegrationFieldSchemas,
} from 'backstage-plugin-wecom-common';
import { z } from 'zod';

// The fields' own rules (and messages) are shared with the setup form.
const fields = wecomIntegrationFieldSchemas;

/** What an integration id looks like; it is part of the callback URLs. */
export const INTEGRATION_ID_PATTERN = WECOM_INTEGRATION_ID_PATTERN;

/** An optional field a form may also send empty. */
function optionalOrEmpty<T extends z.ZodType>(schema: T) {
  return schema.or(z.literal('')).optional();
}

const callbackKeysInput = z.object({
  token: optionalOrEmpty(fields.token),
  encodingAESKey: optionalOrEmpty(fields.encodingAESKey),
});

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
    botId: optionalOrEmpty(fields.botId),
    secret: fields.botSecret.optional(),
    wsUrl: optionalOrEmpty(fields.botWsUrl),
  })
  .strict();

/** The shape of `POST /integrations` and `PUT /integrations/:id` bodies. */
export const integrationInputSchema = z
  .object({
    id: fields.id.optional(),
    name: fields.name,
    mode: z.enum(['customApp', 'thirdPartyApp'], {
      message: 'Mode must be customApp or thirdPartyApp',
    }),
    corpId: fields.corpId,
    agentId: fields.agentId.optional(),
    secret: fields.secret.optional(),
    apiBaseUrl: fields.apiBaseUrl.optional(),
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
    suiteId: fields.suiteId.optional(),
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
