import { inspect } from 'node:util';

/**
 * Readable text for what the SDK rejects with: an `Error`, or the ack frame
 * itself (`{ errcode, errmsg }`) when WeCom refused a reply.
 */
export function describeSdkError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'errcode' in error) {
    const { errcode, errmsg } = error as { errcode: unknown; errmsg?: unknown };
    return `errcode ${String(errcode)}${errmsg ? ` (${String(errmsg)})` : ''}`;
  }
  return inspect(error, { depth: 2, breakLength: Infinity });
}
