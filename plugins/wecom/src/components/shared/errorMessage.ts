import { isError, ResponseError } from '@backstage/errors';

/**
 * One readable line for an error shown to an admin. For a `ResponseError` it
 * prefers the backend's own message (e.g. a missing permission) over the
 * generic "Request failed with 403 Forbidden".
 */
export function errorMessage(error: unknown): string {
  if (isResponseError(error)) {
    const cause = error.cause?.message;
    // Without a Backstage JSON error body the cause only repeats the status
    // and the raw body (possibly a whole HTML page): keep the short form.
    if (!cause || cause.startsWith('Request failed with status')) {
      return error.message;
    }
    return `${cause} (${[error.statusCode, error.statusText]
      .filter(Boolean)
      .join(' ')})`;
  }
  if (isError(error)) {
    return error.message;
  }
  return String(error);
}

/**
 * A failed backend call. The one place the frontend recognises an error by
 * its name: `instanceof` fails when an app bundles two copies of
 * @backstage/errors, and the name is what ResponseError documents as its
 * stable marker.
 */
export function isResponseError(error: unknown): error is ResponseError {
  return (
    error instanceof ResponseError ||
    (isError(error) && error.name === 'ResponseError' && 'cause' in error)
  );
}

/** The HTTP status of a failed backend call, or undefined for any other error. */
export function errorStatus(error: unknown): number | undefined {
  return isResponseError(error) ? error.statusCode : undefined;
}
