import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { demoOrg } from '../__testUtils__/demoOrg';
import { applyMigrations } from '../database/migrations';
import {
  as,
  period,
  sreScheduleInput,
  startSchedulesApp,
} from './__testUtils__/schedulesApp';
import { DisplacedOverrideNotice } from './displacedOverrideNotice';

jest.setTimeout(60_000);

// Overlapping overrides: the newest wins, so covering someone's override
// takes their shift away. A member may not do that to another person; a
// manager may, and the person covered is told.
const databases = createTestDatabases();

const sreSchedule = sreScheduleInput('SRE *primary* <@all>');

describe('overlapping overrides', () => {
  let knex: Knex;
  let app: express.Express;
  let auditor: ReturnType<typeof startSchedulesApp>['auditor'];
  const notices: DisplacedOverrideNotice[] = [];

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await applyMigrations(knex);
    ({ app, auditor } = startSchedulesApp(knex, {
      catalog: catalogServiceMock({ entities: demoOrg() }),
      managers: ['user:default/asmith'],
      notices: {
        notify: async notice => {
          notices.push(notice);
          const [{ userEntityRef }] = notice.displaced;
          if (userEntityRef === 'user:default/zhangsan') {
            throw new Error('connection reset');
          }
          return userEntityRef === 'user:default/lisi'
            ? { status: 'sent' }
            : { status: 'notSent', reason: 'not linked to a WeCom member' };
        },
      },
    }));
  });
  afterAll(() => knex.destroy());
  beforeEach(() => {
    notices.length = 0;
  });

  const create = async () => {
    const res = await request(app)
      .post('/schedules')
      .set(as('asmith'))
      .send(sreSchedule);
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const overrides = async (id: string) =>
    (await request(app).get(`/schedules/${id}`).set(as('guest'))).body
      .overrides as Array<{ userEntityRef: string }>;

  it("refuses a member covering another person's override with a 409 naming the period and who holds it", async () => {
    const { id } = await create();
    const lisi = await request(app)
      .post(`/schedules/${id}/overrides`)
      .set(as('asmith'))
      .send({ userEntityRef: 'user:default/lisi', ...period(2, 8) });
    expect(lisi.status).toBe(201);

    // jdoe may put themselves on call, but not over lisi's override.
    const cover = await request(app)
      .post(`/schedules/${id}/overrides`)
      .set(as('jdoe'))
      .send({ userEntityRef: 'jdoe', ...period(4, 2) });
    expect(cover.status).toBe(409);
    expect(cover.body.error.message).toBe(
      `The override overlaps user:default/lisi's override from ${lisi.body.start} to ${lisi.body.end}: only a schedule manager (wecom.schedule.manage) may cover another person's override`,
    );
    expect((await overrides(id)).map(o => o.userEntityRef)).toEqual([
      'user:default/lisi',
    ]);
    expect(notices).toEqual([]);

    // Touching ends is not overlapping; their own overrides may overlap.
    const after = await request(app)
      .post(`/schedules/${id}/overrides`)
      .set(as('jdoe'))
      .send({ userEntityRef: 'jdoe', ...period(10, 2) });
    expect(after.status).toBe(201);
    const again = await request(app)
      .post(`/schedules/${id}/overrides`)
      .set(as('jdoe'))
      .send({ userEntityRef: 'jdoe', ...period(11, 2) });
    expect(again.status).toBe(201);
    expect(again.body.displaced).toEqual([]);
  });

  it('lets a manager cover it: the response and the audit name the displaced override, and its holder is told', async () => {
    const { id } = await create();
    const lisi = await request(app)
      .post(`/schedules/${id}/overrides`)
      .set(as('jdoe'))
      .send({ userEntityRef: 'jdoe', ...period(1, 3) });
    const other = await request(app)
      .post(`/schedules/${id}/overrides`)
      .set(as('asmith'))
      .send({ userEntityRef: 'user:default/lisi', ...period(5, 3) });
    expect([lisi.status, other.status]).toEqual([201, 201]);

    const cover = await request(app)
      .post(`/schedules/${id}/overrides`)
      .set(as('asmith'))
      .send({ userEntityRef: 'user:default/guest', ...period(2, 5) });
    expect(cover.status).toBe(201);
    expect(cover.body.displaced).toEqual([
      {
        overrideId: lisi.body.id,
        userEntityRef: 'user:default/jdoe',
        start: lisi.body.start,
        end: lisi.body.end,
        notified: false,
        notNotifiedBecause: 'not linked to a WeCom member',
      },
      {
        overrideId: other.body.id,
        userEntityRef: 'user:default/lisi',
        start: other.body.start,
        end: other.body.end,
        notified: true,
      },
    ]);
    expect(notices).toEqual([
      expect.objectContaining({
        scheduleId: id,
        scheduleName: sreSchedule.name,
        displaced: [expect.objectContaining({ id: lisi.body.id })],
        coveredBy: 'user:default/guest',
        changedBy: 'user:default/asmith',
      }),
      expect.objectContaining({
        displaced: [expect.objectContaining({ id: other.body.id })],
      }),
    ]);

    const index = auditor.createEvent.mock.calls.findIndex(
      ([event]) =>
        event.eventId === 'schedule-override' &&
        (event.meta as { userEntityRef?: string }).userEntityRef ===
          'user:default/guest',
    );
    const event = await auditor.createEvent.mock.results[index].value;
    expect(event.success).toHaveBeenCalledWith({
      meta: {
        overrideId: cover.body.id,
        displaced: [
          {
            overrideId: lisi.body.id,
            userEntityRef: 'user:default/jdoe',
            start: lisi.body.start,
            end: lisi.body.end,
            notified: false,
            notNotifiedBecause: 'not linked to a WeCom member',
          },
          {
            overrideId: other.body.id,
            userEntityRef: 'user:default/lisi',
            start: other.body.start,
            end: other.body.end,
            notified: true,
          },
        ],
      },
    });
  });

  it('tells a person once however many of their overrides one change covers', async () => {
    const { id } = await create();
    for (const hour of [1, 4, 7]) {
      const made = await request(app)
        .post(`/schedules/${id}/overrides`)
        .set(as('asmith'))
        .send({ userEntityRef: 'user:default/lisi', ...period(hour, 2) });
      expect(made.status).toBe(201);
    }
    const cover = await request(app)
      .post(`/schedules/${id}/overrides`)
      .set(as('asmith'))
      .send({ userEntityRef: 'user:default/guest', ...period(0, 12) });
    expect(cover.status).toBe(201);
    expect(cover.body.displaced).toHaveLength(3);
    expect(notices).toHaveLength(1);
    expect(notices[0].displaced).toHaveLength(3);
  });

  it('does not fail the override when telling the displaced person fails', async () => {
    const { id } = await create();
    await request(app)
      .post(`/schedules/${id}/overrides`)
      .set(as('asmith'))
      .send({ userEntityRef: 'user:default/zhangsan', ...period(1, 3) });
    const cover = await request(app)
      .post(`/schedules/${id}/overrides`)
      .set(as('asmith'))
      .send({ userEntityRef: 'user:default/guest', ...period(1, 3) });
    expect(cover.status).toBe(201);
    expect(cover.body.displaced).toEqual([
      expect.objectContaining({
        userEntityRef: 'user:default/zhangsan',
        notified: false,
        notNotifiedBecause: 'the WeCom message failed',
      }),
    ]);
  });
});
