import { ResponseError } from '@backstage/errors';

/** A `ResponseError` as the backend's error handler produces it. */
export function responseError(
  status: number,
  statusText: string,
  error: { name: string; message: string },
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(JSON.stringify({ error, response: { statusCode: status } }), {
      status,
      statusText,
      headers: { 'content-type': 'application/json' },
    }),
  );
}
