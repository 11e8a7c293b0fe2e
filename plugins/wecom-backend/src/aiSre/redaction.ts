/** What a redacted secret is replaced with. */
export const REDACTED = '[redacted]';

/** Known secrets shorter than this are not replaced (too many false hits). */
const MIN_SECRET_LENGTH = 6;

// Shapes of secrets people paste into incidents and chats. Each keeps the
// part that tells what it was (`password=`, `Bearer `) so the model can
// still reason about it, and drops the value.
const BUILT_IN_PATTERNS: { pattern: RegExp; replace: string }[] = [
  // PEM private keys, whole block.
  {
    pattern:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    replace: REDACTED,
  },
  // `Authorization: Bearer …`, `bearer …`.
  {
    pattern: /\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
    replace: `$1$2${REDACTED}`,
  },
  // key=value and key: value where the key names a secret, e.g.
  // password=…, DB_PASSWORD: …, aws_secret_access_key = …, "apiKey": "…".
  {
    pattern:
      /([\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)[\w.-]*)(["']?\s*[:=]\s*)(["']?)[^\s"'&,;}]+/gi,
    replace: `$1$2$3${REDACTED}`,
  },
  // Credentials in URLs: scheme://user:password@host.
  {
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi,
    replace: `$1${REDACTED}@`,
  },
  // OpenAI-style and similar `sk-…` keys.
  { pattern: /\bsk-[A-Za-z0-9_-]{16,}/g, replace: REDACTED },
  // AWS access key ids.
  { pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: REDACTED },
  // GitHub, GitLab and Slack tokens.
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/g, replace: REDACTED },
  { pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g, replace: REDACTED },
  { pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, replace: REDACTED },
  // JSON Web Tokens.
  {
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    replace: REDACTED,
  },
];

/** Removes secrets from text before it leaves the backend for a model. */
export interface Redactor {
  redact(text: string): string;
}

/**
 * A redactor for the built-in secret shapes, the operator's own patterns
 * (`wecom.aiSre.redactPatterns`) and known secrets (the integrations'
 * secrets, the model's API key), replaced wherever they appear.
 */
export function createRedactor(
  options: {
    /** Extra patterns; every match is replaced. */
    patterns?: RegExp[];
    /** Exact values to replace. */
    secrets?: string[];
  } = {},
): Redactor {
  const secrets = [...new Set(options.secrets ?? [])]
    .filter(secret => secret.length >= MIN_SECRET_LENGTH)
    // Longest first: a secret containing another is replaced whole.
    .sort((a, b) => b.length - a.length);
  const extra = (options.patterns ?? []).map(pattern =>
    pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`),
  );
  return {
    redact(text: string): string {
      let result = text;
      for (const secret of secrets)
        result = result.split(secret).join(REDACTED);
      for (const { pattern, replace } of BUILT_IN_PATTERNS) {
        result = result.replace(pattern, replace);
      }
      for (const pattern of extra) result = result.replace(pattern, REDACTED);
      return result;
    },
  };
}

/**
 * `wecom.aiSre.redactPatterns`: regular expressions as strings. A pattern
 * that does not compile fails at start-up with its key and reason.
 */
export function compileRedactPatterns(
  sources: string[],
  key = 'wecom.aiSre.redactPatterns',
): RegExp[] {
  return sources.map((source, index) => {
    try {
      return new RegExp(source, 'g');
    } catch (error) {
      throw new Error(
        `${key}[${index}] is not a valid regular expression: ${
          (error as Error).message
        }`,
      );
    }
  });
}

/**
 * The secret values of an integration (or any settings object): strings
 * under keys that name a secret, at any depth. Written generically so new
 * kinds of settings (bot secrets, long connection keys) are covered too.
 */
export function secretValuesOf(settings: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (/secret|token|aeskey|password|apikey/i.test(key)) found.push(value);
    } else if (Array.isArray(value)) {
      value.forEach(item => visit(item, key));
    } else if (value && typeof value === 'object') {
      for (const [name, child] of Object.entries(value)) visit(child, name);
    }
  };
  visit(settings, '');
  return found;
}
