import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startWeComBackend } from '../../__testUtils__/startWeComBackend';

jest.setTimeout(60_000);

const auth = { Authorization: mockCredentials.user.header() };

describe('card templates in the plugin', () => {
  let ctx: Awaited<ReturnType<typeof startWeComBackend>>;

  beforeAll(async () => {
    ctx = await startWeComBackend({});
  });
  afterAll(() => ctx?.backend.stop());

  it('saves a template and previews it against an incident of the incident provider', async () => {
    const saved = await request(ctx.server)
      .put('/api/wecom/templates')
      .set(auth)
      .send({
        integrationId: 'acme',
        title: '{{upper severity}}: {{title}}',
        body: '{{description}}\nOpen: {{url}}',
      });
    expect(saved.status).toBe(200);

    const created = await request(ctx.server)
      .post('/api/wecom/incidents')
      .set(auth)
      .send({
        title: 'Disk full',
        severity: 'high',
        description: '/var is at 100%',
      });
    expect(created.status).toBe(201);
    // The detail link opens the incident through the workspace sign-in.
    const url = `http://localhost:${
      (ctx.server.address() as { port: number }).port
    }/api/wecom/integrations/acme/workspace?redirect=${encodeURIComponent(
      `/wecom/incidents/${created.body.id}`,
    )}`;

    const preview = await request(ctx.server)
      .post('/api/wecom/templates/preview')
      .set(auth)
      .send({ integrationId: 'acme', incidentId: created.body.id });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      templateUsed: 'custom',
      warnings: [],
      card: expect.objectContaining({
        card_type: 'button_interaction',
        source: { desc: 'Backstage' },
        main_title: { title: 'HIGH: Disk full', desc: 'High 高' },
        sub_title_text: `/var is at 100%\nOpen: ${url}`,
        card_action: { type: 1, url },
      }),
    });
  });
});
