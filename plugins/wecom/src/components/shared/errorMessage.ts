import { isError, ResponseError } from '@backstage/errors';

/**
 * One readable line for an error shown to an admin. For a `ResponseError` it
 * prefers the backend's own message (e.g. a missing permission) over the
 * generic "Request failed with 403 Forbidden".
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError || isResponseErrorLike(error)) {
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

// `instanceof` fails when two copies of @backstage/errors are bundled; the
// name is what ResponseError documents as its stable marker.
function isResponseErrorLike(error: unknown): error is ResponseError {
  return isError(error) && error.name === 'ResponseError' && 'cause' in error;
}
