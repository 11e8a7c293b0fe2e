import { ResponseError } from '@backstage/errors';
import { errorMessage } from './errorMessage';

describe('errorMessage', () => {
  it("prefers the backend's message with the status", async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Not an admin' },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'content-type': 'application/json' },
        },
      ),
    );
    expect(errorMessage(error)).toBe('Not an admin (403 Forbidden)');
  });

  it('keeps a non-JSON error body (e.g. a proxy page) out of the message', async () => {
    const error = await ResponseError.fromResponse(
      new Response('<html><body>Bad gateway</body></html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'content-type': 'text/html' },
      }),
    );
    expect(errorMessage(error)).toBe('Request failed with 502 Bad Gateway');
  });

  it('uses the message of any other error', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe(
      'Failed to fetch',
    );
  });
});
