import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { createTestDatabases } from '../../__testUtils__/databases';
import { createDeliveryRouter } from './router';
import {
  ScriptedHarness,
  startScriptedHarness,
} from './__testUtils__/scriptedHarness';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };

describe.each(databases.eachSupportedId())(
  'GET /incidents/:id/deliveries on %p',
  id => {
    let h: ScriptedHarness;

    beforeAll(async () => {
      h = await startScriptedHarness(await databases.init(id));
    });
    afterAll(() => h.worker.stop());

    const appWith = (allowed: boolean) => {
      const app = express();
      app.use(
        createDeliveryRouter({
          cardDelivery: h.cardDelivery,
          httpAuth: mockServices.httpAuth(),
          permissions: mockServices.permissions.mock({
            authorize: async requests =>
              requests.map(() => ({
                result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
              })),
          }),
        }),
      );
      app.use(mockErrorHandler());
      return app;
    };

    it('lists every recipient with the status its card shows', async () => {
      const incident = await h.provider.createIncident({
        title: 'checkout down',
        severity: 'high',
      });
      await h.cardDelivery.notify({
        incident,
        integrationId: 'acme',
        recipients: {
          recipients: [
            { entityRef: 'user:default/alice', wecomUserId: 'alice' },
          ],
          unlinked: ['user:default/carol'],
          optedOut: ['user:default/dave'],
        },
        level: 0,
      });
      await h.worker.kick();

      const res = await request(appWith(true))
        .get(`/incidents/${incident.id}/deliveries`)
        .set(auth);

      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        {
          incidentId: incident.id,
          integrationId: 'acme',
          taskId: expect.stringMatching(/^inc-/),
          entityRef: 'user:default/alice',
          wecomUserId: 'alice',
          status: 'sent',
          level: 0,
          cardStatus: 'triggered',
          stale: false,
          updatedAt: expect.any(String),
        },
        {
          incidentId: incident.id,
          integrationId: 'acme',
          entityRef: 'user:default/carol',
          status: 'unlinked',
          level: 0,
          updatedAt: expect.any(String),
        },
        {
          incidentId: incident.id,
          integrationId: 'acme',
          entityRef: 'user:default/dave',
          status: 'optedOut',
          level: 0,
          updatedAt: expect.any(String),
        },
      ]);
      expect(JSON.stringify(res.body)).not.toMatch(/send-code/);
    });

    it('answers 404 for an unknown incident', async () => {
      const res = await request(appWith(true))
        .get('/incidents/no-such-incident/deliveries')
        .set(auth);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/No incident/);
    });

    it('answers 403 without wecom.incident.read', async () => {
      const res = await request(appWith(false))
        .get('/incidents/whatever/deliveries')
        .set(auth);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/wecom\.incident\.read/);
    });
  },
);
