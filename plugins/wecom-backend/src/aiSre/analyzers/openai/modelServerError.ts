import { openAiPackage } from './openAiPackage';

/**
 * A model server failed or took too long. The message says which server
 * and why, and never holds the API key; the bot falls back to the
 * built-in answer with it.
 */
export class ModelServerError extends Error {
  name = 'ModelServerError';
}

/** What to check for an HTTP status of the model server. */
const STATUS_HINTS: Record<number, string> = {
  401: ' (check wecom.aiSre.openai.apiKey)',
  403: ' (check wecom.aiSre.openai.apiKey)',
  404: ' (check wecom.aiSre.openai.baseUrl and model)',
};

/**
 * A clear message for a failed answer: which server (`where`), what went
 * wrong, what to change. Not yet redacted.
 */
export function describeModelFailure(
  error: unknown,
  how: { timedOut: boolean; cancelled: boolean },
  server: { where: string; timeoutSeconds: number },
): string {
  const { where } = server;
  if (how.timedOut) {
    return `The model server (${where}) did not answer within ${server.timeoutSeconds} s; try again, or raise wecom.aiSre.openai.timeoutSeconds`;
  }
  if (how.cancelled) return `The answer of ${where} was cancelled`;
  if (error instanceof openAiPackage().APIConnectionError) {
    return `The model server (${where}) could not be reached: ${
      error.cause ? String(error.cause) : error.message
    }`;
  }
  if (error instanceof openAiPackage().APIError) {
    const hint = STATUS_HINTS[error.status ?? 0] ?? '';
    return `The model server (${where}) answered HTTP ${error.status}${hint}: ${error.message}`;
  }
  return `The model server (${where}) failed: ${
    error instanceof Error ? error.message : String(error)
  }`;
}

/** A 400 about tools: the model or server does not do function calling. */
export function refusesTools(error: unknown): boolean {
  return (
    error instanceof openAiPackage().APIError &&
    error.status === 400 &&
    /tool/i.test(error.message)
  );
}
