import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createPermission } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { createAuthorizer } from './access';

const permission = createPermission({
  name: 'wecom.test.read',
  attributes: { action: 'read' },
});

function startApp(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const auditor = mockServices.auditor.mock();
  const authorize = createAuthorizer({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions.mock({
      authorize: async requests => requests.map(() => ({ result })),
    }),
    auditor,
  });
  const router = Router();
  router.delete('/things/:id', async (req, res) => {
    const { userEntityRef, callerRef } = await authorize(req, permission);
    res.json({ userEntityRef, callerRef: callerRef ?? null });
  });
  const app = express();
  app.use('/api/test', router);
  app.use(mockErrorHandler());
  return { app, auditor };
}

describe('createAuthorizer', () => {
  it("answers the caller's ref lower-cased, as stores and the catalog hold refs", async () => {
    const { app } = startApp(AuthorizeResult.ALLOW);

    const user = await request(app)
      .delete('/api/test/things/1')
      .set({
        Authorization: mockCredentials.user.header('user:default/JDoe'),
      });
    const service = await request(app)
      .delete('/api/test/things/1')
      .set({ Authorization: mockCredentials.service.header() });

    expect(user.body).toEqual({
      userEntityRef: 'user:default/JDoe',
      callerRef: 'user:default/jdoe',
    });
    expect(service.body).toEqual({ callerRef: null });
  });

  it('audits a refusal: who, what, on which path (no query), which permission, denied', async () => {
    const { app, auditor } = startApp(AuthorizeResult.DENY);

    const res = await request(app)
      .delete('/api/test/things/42?token=secret')
      .set({
        Authorization: mockCredentials.user.header('user:default/mallory'),
      });

    expect(res.status).toBe(403);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'permission-denied',
        meta: {
          actor: 'user:default/mallory',
          action: 'delete',
          target: '/api/test/things/42',
          permission: 'wecom.test.read',
          outcome: 'denied',
        },
      }),
    );
    const event = await (auditor.createEvent as jest.Mock).mock.results[0]
      .value;
    expect(event.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({ name: 'NotAllowedError' }),
    });
  });
});
