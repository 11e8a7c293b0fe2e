import { ResponseError } from '@backstage/errors';
import { mockApis } from '@backstage/frontend-test-utils';
import { acmeIntegration } from '../testing/fixtures';
import { WeComClient } from './WeComClient';

function jsonResponse(body: unknown, status = 200, statusText = 'OK') {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'content-type': 'application/json' },
  });
}

describe('WeComClient', () => {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://backstage' });

  it('lists integrations through the fetchApi, which adds the user token', async () => {
    const fetchApi = {
      fetch: jest
        .fn()
        .mockResolvedValue(jsonResponse({ items: [acmeIntegration] })),
    };
    const client = new WeComClient({ discoveryApi, fetchApi });

    await expect(client.listIntegrations()).resolves.toEqual([acmeIntegration]);
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      'http://backstage/api/wecom/integrations',
      expect.objectContaining({ method: 'GET' }),
    );
  });

  it('runs the health check of one integration', async () => {
    const report = {
      integrationId: 'a/b',
      ok: true,
      checkedAt: '',
      checks: [],
    };
    const fetchApi = {
      fetch: jest.fn().mockResolvedValue(jsonResponse(report)),
    };
    const client = new WeComClient({ discoveryApi, fetchApi });

    await expect(client.testIntegration('a/b')).resolves.toEqual(report);
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      'http://backstage/api/wecom/integrations/a%2Fb/test',
      expect.objectContaining({ method: 'POST' }),
    );
  });

  it('turns an error answer into a ResponseError with the backend message', async () => {
    const fetchApi = {
      fetch: jest.fn().mockResolvedValue(
        jsonResponse(
          {
            error: { name: 'NotFoundError', message: 'No integration nope' },
            response: { statusCode: 404 },
          },
          404,
          'Not Found',
        ),
      ),
    };
    const client = new WeComClient({ discoveryApi, fetchApi });

    const error = await client.getIntegration('nope').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.message).toBe('No integration nope');
  });
});
