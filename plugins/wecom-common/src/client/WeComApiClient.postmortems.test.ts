import { ResponseError } from '@backstage/errors';
import { WeComApiClient } from './WeComApiClient';

/** The frontend's `discoveryApi`, as `mockApis.discovery` answers it. */
const discoveryApi = {
  getBaseUrl: async (pluginId: string) => `http://backstage/api/${pluginId}`,
};

const postmortem = {
  incidentId: 'inc/1',
  markdown: '## Summary\nDown.',
  analyzer: 'built-in',
  generatedBy: 'user:default/jdoe',
  generatedAt: '2026-11-28T09:00:00.000Z',
};

function clientAnswering(response: () => Response) {
  const fetchApi = {
    fetch: jest.fn().mockImplementation(async () => response()),
  };
  const client = new WeComApiClient({
    discoveryApi,
    fetchApi,
  });
  return { client, fetchApi };
}

const json = (
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('WeComApiClient post-mortems', () => {
  it('reads a post-mortem, and none as undefined on a 404', async () => {
    const found = clientAnswering(() => json(postmortem));
    await expect(found.client.getPostmortem('inc/1')).resolves.toEqual(
      postmortem,
    );
    expect(found.fetchApi.fetch).toHaveBeenCalledWith(
      'http://backstage/api/wecom/incidents/inc%2F1/postmortem',
      expect.objectContaining({ method: 'GET' }),
    );

    const none = clientAnswering(() =>
      json({ error: { name: 'NotFoundError', message: 'none yet' } }, 404),
    );
    await expect(none.client.getPostmortem('inc/1')).resolves.toBeUndefined();
  });

  it('generates, edits and posts through the post-mortem routes', async () => {
    const { client, fetchApi } = clientAnswering(() => json(postmortem));

    await client.generatePostmortem('inc-1');
    await client.updatePostmortem('inc-1', '## Summary\n改');
    await client.postPostmortemToWarRoom('inc-1');

    expect(
      fetchApi.fetch.mock.calls.map(([url, init]) => [
        init.method,
        url,
        init.body,
      ]),
    ).toEqual([
      [
        'POST',
        'http://backstage/api/wecom/incidents/inc-1/postmortem',
        undefined,
      ],
      [
        'PUT',
        'http://backstage/api/wecom/incidents/inc-1/postmortem',
        JSON.stringify({ markdown: '## Summary\n改' }),
      ],
      [
        'POST',
        'http://backstage/api/wecom/incidents/inc-1/postmortem/post',
        undefined,
      ],
    ]);
  });

  it('keeps Retry-After on a rate-limited generation', async () => {
    const { client } = clientAnswering(() =>
      json(
        { error: { name: 'PostmortemRateLimitedError', message: 'wait' } },
        429,
        { 'retry-after': '42' },
      ),
    );

    const error = await client.generatePostmortem('inc-1').catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(429);
    expect(error.response.headers.get('retry-after')).toBe('42');
  });

  it('downloads the markdown file with the name the backend gives it', async () => {
    const { client, fetchApi } = clientAnswering(
      () =>
        new Response('## Summary\n支付中断', {
          status: 200,
          headers: {
            'content-type': 'text/markdown; charset=utf-8',
            'content-disposition':
              'attachment; filename="postmortem-6f1c2d3e.md"',
          },
        }),
    );

    await expect(client.downloadPostmortem('inc-1')).resolves.toEqual({
      fileName: 'postmortem-6f1c2d3e.md',
      markdown: '## Summary\n支付中断',
    });
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      'http://backstage/api/wecom/incidents/inc-1/postmortem/markdown',
      expect.objectContaining({ method: 'GET' }),
    );
  });
});
