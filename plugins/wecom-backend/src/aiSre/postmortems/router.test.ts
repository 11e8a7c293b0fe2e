import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../../__testUtils__/databases';
import { createPostmortemHarness } from './__testUtils__/postmortemHarness';
import { createPostmortemsRouter } from './router';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };
const USER = mockCredentials.user().principal.userEntityRef;

/** The router as the plugin mounts it, behind Backstage's error handler. */
async function startApi(
  options: { denyManage?: boolean; denyIncidentRead?: boolean } = {},
) {
  const knex: Knex = await databases.init('SQLITE_3');
  const h = await createPostmortemHarness(knex);
  const auditor = mockServices.auditor.mock();
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => {
        const denied = [
          options.denyManage && 'wecom.postmortem.manage',
          options.denyIncidentRead && 'wecom.incident.read',
        ];
        return {
          result: denied.includes(r.permission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        };
      }),
  });
  const app = express()
    .use(
      '/api/wecom',
      createPostmortemsRouter({
        postmortems: h.service,
        httpAuth: mockServices.httpAuth(),
        permissions,
        auditor,
      }),
    )
    .use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
  const api = {
    get: (path: string) => request(app).get(`/api/wecom${path}`).set(auth),
    post: (path: string) => request(app).post(`/api/wecom${path}`).set(auth),
    put: (path: string, body: unknown) =>
      request(app)
        .put(`/api/wecom${path}`)
        .set(auth)
        .send(body as object),
  };
  return { h, api, auditor, knex };
}

describe('Post-mortems API', () => {
  let ctx: Awaited<ReturnType<typeof startApi>>;
  beforeEach(async () => {
    ctx = await startApi();
  });
  afterEach(() => ctx.knex.destroy());

  it('generates, reads, edits and posts a post-mortem, auditing each change', async () => {
    const { h, api, auditor } = ctx;
    const incident = await h.incident();
    const base = `/incidents/${incident.id}/postmortem`;

    expect((await api.get(base)).status).toBe(404);
    const generated = await api.post(base);
    expect(generated.status).toBe(200);
    expect(generated.body).toMatchObject({
      incidentId: incident.id,
      analyzer: 'test-double',
      generatedBy: USER,
    });
    expect(generated.body.markdown).toContain('## Lessons learned');
    expect((await api.get(base)).body).toEqual(generated.body);

    const edited = await api.put(base, { markdown: '## Summary\nEdited.' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      markdown: '## Summary\nEdited.',
      editedBy: USER,
    });

    h.warRoom(incident.id);
    const posted = await api.post(`${base}/post`);
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({
      messages: 1,
      postmortem: { postedBy: USER },
    });
    expect(h.sent).toEqual(['## Summary\nEdited.']);

    expect(
      auditor.createEvent.mock.calls.map(([event]) => [
        event.eventId,
        event.meta,
      ]),
    ).toEqual([
      ['postmortem', { action: 'generate', incidentId: incident.id }],
      ['postmortem', { action: 'edit', incidentId: incident.id, bytes: 18 }],
      ['postmortem', { action: 'post', incidentId: incident.id }],
    ]);
  });

  it('downloads the post-mortem as a markdown file named after the incident', async () => {
    const { h, api } = ctx;
    const incident = await h.incident();
    const { body } = await api.post(`/incidents/${incident.id}/postmortem`);

    const res = await api.get(`/incidents/${incident.id}/postmortem/markdown`);

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="postmortem-${incident.id.slice(0, 8)}.md"`,
    );
    expect(res.text).toBe(body.markdown);
    expect((await api.get('/incidents/nope/postmortem/markdown')).status).toBe(
      404,
    );
  });

  it('answers 404 for an unknown incident and for one without a post-mortem', async () => {
    const { h, api } = ctx;
    const unknown = await api.get('/incidents/nope/postmortem');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No incident with id "nope"');
    expect((await api.post('/incidents/nope/postmortem')).status).toBe(404);

    const incident = await h.incident();
    const none = await api.get(`/incidents/${incident.id}/postmortem`);
    expect(none.status).toBe(404);
    expect(none.body.error.message).toBe(
      `Incident ${incident.id} has no post-mortem yet; generate it once the incident is closed`,
    );
  });

  it('answers 409 with the reason for an open incident and for posting without an active War Room', async () => {
    const { h, api } = ctx;
    const open = await h.incident({ closed: false });
    const refused = await api.post(`/incidents/${open.id}/postmortem`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      /is triggered: a post-mortem is written once the incident is closed/,
    );

    const closed = await h.incident();
    await api.post(`/incidents/${closed.id}/postmortem`);
    h.warRoom(closed.id, 'dismissed');
    const noWarRoom = await api.post(`/incidents/${closed.id}/postmortem/post`);
    expect(noWarRoom.status).toBe(409);
    expect(noWarRoom.body.error.message).toBe(
      `The War Room of incident ${closed.id} was dismissed; reopen it to post the post-mortem there`,
    );
  });

  it('answers 429 with Retry-After to a second generation within the interval', async () => {
    const { h, api } = ctx;
    const incident = await h.incident();
    expect(
      (await api.post(`/incidents/${incident.id}/postmortem`)).status,
    ).toBe(200);
    h.clock.advance({ seconds: 15 });

    const res = await api.post(`/incidents/${incident.id}/postmortem`);

    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('45');
    expect(res.body.error.message).toMatch(
      /^The post-mortem of this incident was generated 15 seconds ago; generate it again in 45 seconds/,
    );
    expect(h.analyzer.writePostmortem).toHaveBeenCalledTimes(1);
  });

  it('answers 400 to a text over 100 KB or empty, and keeps the stored one', async () => {
    const { h, api } = ctx;
    const incident = await h.incident();
    const { body } = await api.post(`/incidents/${incident.id}/postmortem`);
    const base = `/incidents/${incident.id}/postmortem`;

    const tooBig = await api.put(base, { markdown: 'x'.repeat(102_401) });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.message).toBe(
      'Invalid post-mortem: markdown: is 102401 bytes; at most 102400 bytes (100 KB) are allowed',
    );
    expect((await api.put(base, { markdown: '   ' })).status).toBe(400);
    // Just under the limit in Chinese: 102,399 bytes pass the body parser.
    const atLimit = await api.put(base, { markdown: '字'.repeat(34_133) });
    expect(atLimit.status).toBe(200);
    await api.put(base, { markdown: body.markdown });
    expect((await api.put(base, {})).status).toBe(400);
    expect((await api.get(base)).body.markdown).toBe(body.markdown);
  });

  it('answers 502 when the analyzer fails', async () => {
    const { h, api } = ctx;
    const incident = await h.incident();
    h.analyzer.writePostmortem.mockRejectedValueOnce(new Error('model down'));

    const res = await api.post(`/incidents/${incident.id}/postmortem`);

    expect(res.status).toBe(502);
    expect(res.body.error.message).toBe(
      'The test-double analyzer could not write the post-mortem: model down. Try again.',
    );
  });
});

describe('Post-mortems permissions', () => {
  it.each([
    // Readers of incidents may read, not change.
    ['wecom.postmortem.manage', { denyManage: true }],
    // Each change answers with the post-mortem, which only readers may see.
    ['wecom.incident.read', { denyIncidentRead: true }],
  ])(
    'generates, edits or posts nothing without %s (403)',
    async (permission, denied) => {
      const { h, api, knex } = await startApi(denied);
      try {
        const incident = await h.incident();
        const base = `/incidents/${incident.id}/postmortem`;
        const answers = [
          await api.post(base),
          await api.put(base, { markdown: 'x' }),
          await api.post(`${base}/post`),
        ];
        for (const res of answers) {
          expect(res.status).toBe(403);
          expect(res.body.error.message).toBe(
            `Missing permission ${permission}`,
          );
        }
        expect(h.analyzer.writePostmortem).not.toHaveBeenCalled();
        expect(await knex('wecom_postmortems').select()).toEqual([]);
      } finally {
        await knex.destroy();
      }
    },
  );
});
