import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { EmulatorOptions } from './types';

const callbackSchema = z.object({
  url: z.string().url(),
  token: z.string().min(1),
  encodingAESKey: z.string().length(43),
});

/**
 * The JSON form of {@link EmulatorOptions} (everything but the clock), as
 * read from `WECOM_EMULATOR_CONFIG`.
 *
 * @public
 */
export const emulatorOptionsSchema = z.object({
  corps: z
    .array(
      z.object({
        corpId: z.string().min(1),
        name: z.string().optional(),
        apps: z.array(
          z.object({
            agentId: z.number().int(),
            secret: z.string().min(1),
            name: z.string().optional(),
            allowUsers: z
              .union([z.literal('all'), z.array(z.string())])
              .optional(),
            contactPermission: z.boolean().optional(),
            callback: callbackSchema.optional(),
            trustedIps: z.array(z.string()).optional(),
            homepageUrl: z.string().optional(),
          }),
        ),
        users: z.array(
          z.object({
            userid: z.string().min(1),
            name: z.string(),
            mobile: z.string().optional(),
            email: z.string().optional(),
            bizMail: z.string().optional(),
            department: z.array(z.number().int()).optional(),
          }),
        ),
        bot: z
          .object({
            botId: z.string().min(1),
            token: z.string().min(1),
            encodingAESKey: z.string().length(43),
            callbackUrl: z.string().url().optional(),
            botSecret: z.string().min(1).optional(),
          })
          .optional(),
        suites: z
          .array(
            z.object({
              suiteId: z.string().min(1),
              suiteSecret: z.string().min(1),
              suiteTicket: z.string().min(1),
              permanentCode: z.string().min(1),
              callback: callbackSchema.optional(),
              dataCallback: z.string().url().optional(),
              agentId: z.number().int().optional(),
              unlicensedUsers: z.array(z.string().min(1)).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  tokenTtlSeconds: z.number().int().positive().optional(),
  rateLimits: z
    .object({
      perUserPerMinute: z.number().int().positive().optional(),
      perUserPerHour: z.number().int().positive().optional(),
      perCorpApiPerMinute: z.number().int().positive().optional(),
      lookupsPerMinute: z.number().int().positive().optional(),
      mobileLookupFailureShare: z.number().positive().max(1).optional(),
    })
    .optional(),
  publicUrl: z.string().url().optional(),
  callbackTimeoutMs: z.number().int().positive().optional(),
  latencyMs: z.record(z.string(), z.number().int().min(0)).optional(),
});

/**
 * Reads and validates an options JSON file.
 *
 * @public
 */
export async function loadEmulatorOptions(
  path: string,
): Promise<EmulatorOptions> {
  const text = await readFile(path, 'utf8');
  const result = emulatorOptionsSchema.safeParse(JSON.parse(text));
  if (!result.success) {
    const details = result.error.issues
      .map(i => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new Error(`Invalid emulator config ${path}: ${details}`);
  }
  return result.data;
}
