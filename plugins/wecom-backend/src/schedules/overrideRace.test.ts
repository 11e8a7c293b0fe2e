import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { demoOrg } from '../__testUtils__/demoOrg';
import { applyMigrations } from '../database/migrations';
import { sreScheduleInput } from './__testUtils__/schedulesApp';
import { CatalogRefChecker } from './CatalogRefChecker';
import { DatabaseScheduleStore } from './DatabaseScheduleStore';
import { ScheduleService } from './ScheduleService';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/**
 * Two members take the same period at the same moment: each reads the
 * schedule before either writes (a barrier on the store's `get` makes that
 * sure). Neither may cover the other's override, so one must be refused.
 */
describe.each(databases.eachSupportedId())(
  'two members taking one period at once, on %p',
  databaseId => {
    it('gives it to one of them and refuses the other (409)', async () => {
      const knex = await databases.init(databaseId);
      await applyMigrations(knex);
      const store = new DatabaseScheduleStore(knex);
      const { id } = await store.create(sreScheduleInput());

      let waiting: Array<() => void> = [];
      const racingStore = Object.create(store) as DatabaseScheduleStore;
      racingStore.get = async scheduleId => {
        const schedule = await store.get(scheduleId);
        await new Promise<void>(resolve => {
          waiting.push(resolve);
          if (waiting.length === 2) {
            waiting.forEach(release => release());
            waiting = [];
          }
        });
        return schedule;
      };
      const schedules = new ScheduleService(
        racingStore,
        new CatalogRefChecker(catalogServiceMock({ entities: demoOrg() })),
      );
      const start = DateTime.utc().startOf('hour').plus({ hours: 2 });
      const take = (member: string) =>
        schedules.addOverride(
          id,
          {
            userEntityRef: `user:default/${member}`,
            start,
            end: start.plus({ hours: 4 }),
          },
          { createdBy: `user:default/${member}`, mayManage: false },
          mockCredentials.user(`user:default/${member}`),
        );

      const outcomes = await Promise.allSettled([take('jdoe'), take('guest')]);

      expect(outcomes.map(o => o.status).sort()).toEqual([
        'fulfilled',
        'rejected',
      ]);
      const refused = outcomes.find(o => o.status === 'rejected') as
        | PromiseRejectedResult
        | undefined;
      expect(refused?.reason).toMatchObject({ name: 'ConflictError' });
      expect((await store.get(id))!.overrides).toHaveLength(1);
    });
  },
);
