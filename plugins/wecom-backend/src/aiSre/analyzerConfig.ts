import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { OpenAiAnalyzerSettings } from './analyzers/OpenAiIncidentAnalyzer';
import { compileRedactPatterns } from './redaction';

const KEY = 'wecom.aiSre';
const OPENAI_BASE_URL = 'https://api.openai.com/v1';

const openAiSchema = z.strictObject({
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .optional(),
  model: z.string().trim().min(1, 'must name the model').optional(),
  apiKey: z.string().min(1).optional(),
  timeoutSeconds: z.number().positive().max(3600).default(60),
  maxOutputTokens: z.number().int().min(16).max(1_000_000).default(1500),
  maxPromptTokens: z.number().int().min(500).max(10_000_000).default(12000),
  maxToolCalls: z.number().int().min(0).max(20).default(4),
});

// Only the analyzer's keys: `bot` and `postmortem` are read by their own
// areas, so they are let through here.
const aiSreSchema = z.looseObject({
  analyzer: z.enum(['builtIn', 'openai']).default('builtIn'),
  openai: openAiSchema.optional(),
  redactPatterns: z.array(z.string()).default([]),
});

/** `wecom.aiSre` as the analyzers use it. */
export type AnalyzerConfig =
  | { analyzer: 'builtIn'; redactPatterns: RegExp[] }
  | {
      analyzer: 'openai';
      openai: OpenAiAnalyzerSettings;
      redactPatterns: RegExp[];
    };

/**
 * Reads `wecom.aiSre.analyzer`, `wecom.aiSre.openai.*` and
 * `wecom.aiSre.redactPatterns` with their defaults. A mistake (the openai
 * analyzer without a model, a bad URL, a pattern that does not compile)
 * fails at start-up with the key and the reason.
 */
export function readAnalyzerConfig(config: Config): AnalyzerConfig {
  const parsed = aiSreSchema.safeParse(config.getOptional(KEY) ?? {});
  if (!parsed.success) {
    const reasons = parsed.error.issues
      .map(issue => `${[KEY, ...issue.path].join('.')}: ${issue.message}`)
      .join('; ');
    throw new InputError(`Invalid ${KEY}: ${reasons}`);
  }
  const { analyzer, openai, redactPatterns } = parsed.data;
  let patterns: RegExp[];
  try {
    patterns = compileRedactPatterns(redactPatterns, `${KEY}.redactPatterns`);
  } catch (error) {
    throw new InputError(`Invalid ${KEY}: ${(error as Error).message}`);
  }
  if (analyzer === 'builtIn') {
    return { analyzer, redactPatterns: patterns };
  }

  if (!openai?.model) {
    throw new InputError(
      `Invalid ${KEY}: ${KEY}.analyzer is openai but ${KEY}.openai.model is not set; name the model, e.g. gpt-4o-mini, or qwen2.5:14b for Ollama`,
    );
  }
  const baseUrl = (openai.baseUrl ?? OPENAI_BASE_URL).replace(/\/+$/, '');
  if (new URL(baseUrl).hostname === 'api.openai.com' && !openai.apiKey) {
    throw new InputError(
      `Invalid ${KEY}: ${KEY}.openai.apiKey is required for ${baseUrl}; set it, or point ${KEY}.openai.baseUrl at your own server (vLLM, Ollama)`,
    );
  }
  return {
    analyzer,
    redactPatterns: patterns,
    openai: {
      baseUrl,
      model: openai.model,
      apiKey: openai.apiKey,
      timeoutSeconds: openai.timeoutSeconds,
      maxOutputTokens: openai.maxOutputTokens,
      maxPromptTokens: openai.maxPromptTokens,
      maxToolCalls: openai.maxToolCalls,
    },
  };
}
