import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { startWeComBackend } from '../__testUtils__/startWeComBackend';
import { migrateRouting } from '../__testUtils__/migrateRouting';
import { DatabasePreferencesStore } from './DatabasePreferencesStore';
import { createPreferencesRouter } from './router';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const jdoe = {
  Authorization: mockCredentials.user.header('user:default/jdoe'),
};
const lisi = {
  Authorization: mockCredentials.user.header('user:default/lisi'),
};

describe.each(databases.eachSupportedId())(
  'preferences API on %p',
  databaseId => {
    let knex: Knex;
    let app: express.Express;
    let preferences: DatabasePreferencesStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await migrateRouting(knex);
      preferences = new DatabasePreferencesStore(knex);
      app = express();
      app.use(
        createPreferencesRouter({
          preferences,
          // No credentials means no user, as behind the real auth policy.
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.none(),
          }),
          auditor: mockServices.auditor.mock(),
        }),
      );
      app.use(mockErrorHandler());
    });
    afterAll(async () => {
      await knex.destroy();
    });

    it('answers the defaults to a user who never changed anything', async () => {
      const res = await request(app).get('/preferences/me').set(jdoe);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ personalChannelEnabled: true });
    });

    it("changes only the signed-in user's own preferences", async () => {
      const put = await request(app)
        .put('/preferences/me')
        .set(jdoe)
        .send({ personalChannelEnabled: false });
      expect(put.status).toBe(200);
      expect(put.body).toEqual({ personalChannelEnabled: false });

      const mine = await request(app).get('/preferences/me').set(jdoe);
      expect(mine.body).toEqual({ personalChannelEnabled: false });
      const theirs = await request(app).get('/preferences/me').set(lisi);
      expect(theirs.body).toEqual({ personalChannelEnabled: true });
      // Routing sees the choice under the lower-case ref.
      expect(
        await preferences.optedOut(['user:default/JDoe', 'user:default/lisi']),
      ).toEqual(new Set(['user:default/jdoe']));

      const back = await request(app)
        .put('/preferences/me')
        .set(jdoe)
        .send({ personalChannelEnabled: true });
      expect(back.body).toEqual({ personalChannelEnabled: true });
    });

    it('has no route to anyone else', async () => {
      const res = await request(app)
        .put('/preferences/user:default%2Flisi')
        .set(jdoe)
        .send({ personalChannelEnabled: false });
      expect(res.status).toBe(404);
      expect(await preferences.get('user:default/lisi')).toEqual({
        personalChannelEnabled: true,
      });
    });

    it('answers 401 without a signed-in user', async () => {
      expect((await request(app).get('/preferences/me')).status).toBe(401);
      const put = await request(app)
        .put('/preferences/me')
        .send({ personalChannelEnabled: false });
      expect(put.status).toBe(401);
    });

    it('refuses a service token: preferences belong to users', async () => {
      const service = {
        Authorization: mockCredentials.service.header(),
      };
      expect(
        (await request(app).get('/preferences/me').set(service)).status,
      ).toBe(403);
    });

    it('answers 400 naming what is wrong with the body', async () => {
      const wrongType = await request(app)
        .put('/preferences/me')
        .set(jdoe)
        .send({ personalChannelEnabled: 'no' });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.error.message).toMatch(
        /Invalid preferences: personalChannelEnabled/,
      );
      const extra = await request(app)
        .put('/preferences/me')
        .set(jdoe)
        .send({ personalChannelEnabled: false, email: true });
      expect(extra.status).toBe(400);
      expect(extra.body.error.message).toMatch(/email/);
    });
  },
);

describe('preferences API mounted in the plugin', () => {
  it('serves the signed-in user and refuses a request without a token', async () => {
    const { backend, server } = await startWeComBackend({
      features: [
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    try {
      expect(
        (await request(server).get('/api/wecom/preferences/me')).status,
      ).toBe(401);
      const put = await request(server)
        .put('/api/wecom/preferences/me')
        .set(jdoe)
        .send({ personalChannelEnabled: false });
      expect(put.body).toEqual({ personalChannelEnabled: false });
      const mine = await request(server)
        .get('/api/wecom/preferences/me')
        .set(jdoe);
      expect(mine.body).toEqual({ personalChannelEnabled: false });
    } finally {
      await backend.stop();
    }
  });
});
