import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { startWeComBackend } from '../__testUtils__/startWeComBackend';

// PostgreSQL refuses NUL characters in text; an id with one must be the
// caller's mistake (400), never a database error (500).

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'an id with a NUL character, on %p',
  databaseId => {
    let ctx: Awaited<ReturnType<typeof startWeComBackend>>;
    beforeAll(async () => {
      ctx = await startWeComBackend({ knex: await databases.init(databaseId) });
    });
    afterAll(() => ctx.backend.stop());

    it.each([
      '/api/wecom/incidents/a%00b',
      '/api/wecom/incidents/a%00b/war-room',
      '/api/wecom/linked-users/one-click-link/runs/a%00b',
    ])('GET %s is a 400 with the reason', async path => {
      const answer = await request(ctx.server).get(path);
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toBe(
        'The path must not contain NUL characters',
      );
    });

    it('leaves ordinary ids alone', async () => {
      const answer = await request(ctx.server).get(
        '/api/wecom/incidents/no-such-incident',
      );
      expect(answer.status).toBe(404);
    });
  },
);
