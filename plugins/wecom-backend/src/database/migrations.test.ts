import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations, rollbackMigrations } from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('migrate up, down and up again, keeping rows across a re-run', async () => {
    const knex = await databases.init(databaseId);
    await applyMigrations(knex);
    await knex('wecom_integration_state').insert({
      integration_id: 'acme',
      last_callback_at: new Date(),
    });
    // Re-running is a no-op and keeps data.
    await applyMigrations(knex);
    expect(await knex('wecom_integration_state').count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
    expect(
      Number((await knex('wecom_integration_state').count({ n: '*' }))[0].n),
    ).toBe(1);

    await rollbackMigrations(knex);
    expect(await knex.schema.hasTable('wecom_integrations')).toBe(false);
    await applyMigrations(knex);
    expect(await knex.schema.hasTable('wecom_callback_jobs')).toBe(true);
    await knex.destroy();
  });
});
