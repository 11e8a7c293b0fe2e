import express from 'express';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { demoOrg } from '../__testUtils__/demoOrg';
import { hidingCatalog } from '../__testUtils__/hidingCatalog';
import { applyMigrations } from '../database/migrations';
import {
  as,
  period,
  sreScheduleInput,
  startSchedulesApp,
} from './__testUtils__/schedulesApp';
import { SchedulePager } from './router';

jest.setTimeout(60_000);

// The store runs on every engine in DatabaseScheduleStore.test.ts; the
// routes' rules are the same on each, so SQLite answers here.
const databases = createTestDatabases();

/** Users allowed to manage schedules; everyone may read but `outsider`. */
const MANAGERS = ['user:default/asmith', 'user:default/chenjing'];
/**
 * The catalog's own permission policy: wangwu (a reader) cannot see the
 * SRE team, chenjing (a manager) cannot see the platform team.
 */
const HIDDEN_FROM = {
  'user:default/wangwu': ['group:default/sre'],
  'user:default/chenjing': ['group:default/platform'],
};

const sreSchedule = sreScheduleInput();

/** Escalation policies that page a schedule, by schedule id (set per test). */
const pagedBy = new Map<string, SchedulePager[]>();

describe('schedules API', () => {
  let knex: Knex;
  let app: express.Express;
  let auditor: ReturnType<typeof startSchedulesApp>['auditor'];

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await applyMigrations(knex);
    ({ app, auditor } = startSchedulesApp(knex, {
      catalog: hidingCatalog(demoOrg(), HIDDEN_FROM),
      managers: MANAGERS,
      pagedBy,
    }));
  });
  afterAll(() => knex.destroy());

  const create = async (body: object = sreSchedule) => {
    const res = await request(app)
      .post('/schedules')
      .set(as('asmith'))
      .send(body);
    expect(res.status).toBe(201);
    return res.body;
  };
  const overrides = async (id: string) =>
    (await request(app).get(`/schedules/${id}`).set(as('guest'))).body
      .overrides;

  describe('overrides, as an attacker would try them', () => {
    it('refuses a member putting someone else on call, and a non-member putting themselves on; stores nothing', async () => {
      const { id } = await create();
      // jdoe is a member without wecom.schedule.manage.
      const someoneElse = await request(app)
        .post(`/schedules/${id}/overrides`)
        .set(as('jdoe'))
        .send({ userEntityRef: 'user:default/lisi', ...period(1, 8) });
      expect(someoneElse.status).toBe(403);
      expect(someoneElse.body.error.message).toBe(
        'Missing permission wecom.schedule.manage: without it a member may only put themselves on call',
      );
      // zhangsan is in the catalog but in no layer of this schedule.
      const notAMember = await request(app)
        .post(`/schedules/${id}/overrides`)
        .set(as('zhangsan'))
        .send({ userEntityRef: 'user:default/zhangsan', ...period(1, 8) });
      expect(notAMember.status).toBe(403);
      expect(notAMember.body.error.message).toMatch(
        /^Missing permission wecom\.schedule\.manage/,
      );
      // Spelling oneself differently does not help: refs are normalised.
      const disguised = await request(app)
        .post(`/schedules/${id}/overrides`)
        .set(as('jdoe'))
        .send({ userEntityRef: 'User:default/LiSi', ...period(1, 8) });
      expect(disguised.status).toBe(403);
      // Without read permission, nothing at all, not even whether it exists.
      const outsider = await request(app)
        .post(`/schedules/${id}/overrides`)
        .set(as('outsider'))
        .send({ userEntityRef: 'user:default/outsider', ...period(1, 8) });
      expect(outsider.status).toBe(403);
      expect(await overrides(id)).toEqual([]);
    });

    it("lets a member take a shift themselves and remove it, but not remove someone else's", async () => {
      const { id } = await create();
      const mine = await request(app)
        .post(`/schedules/${id}/overrides`)
        .set(as('jdoe'))
        .send({ userEntityRef: 'jdoe', ...period(1, 8) });
      expect(mine.status).toBe(201);
      expect(mine.body).toMatchObject({
        userEntityRef: 'user:default/jdoe',
        createdBy: 'user:default/jdoe',
      });
      // guest is a member too, but the override is jdoe's.
      const theirs = await request(app)
        .delete(`/schedules/${id}/overrides/${mine.body.id}`)
        .set(as('guest'));
      expect(theirs.status).toBe(403);
      expect(await overrides(id)).toHaveLength(1);

      const removed = await request(app)
        .delete(`/schedules/${id}/overrides/${mine.body.id}`)
        .set(as('jdoe'));
      expect(removed.status).toBe(204);
      expect(await overrides(id)).toEqual([]);
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'schedule-override',
          meta: expect.objectContaining({
            action: 'delete',
            scheduleId: id,
            userEntityRef: 'user:default/jdoe',
          }),
        }),
      );
    });

    it('refuses a member rewriting the past: an override starting hours ago, or removing one that has begun', async () => {
      const { id } = await create();
      const backdated = await request(app)
        .post(`/schedules/${id}/overrides`)
        .set(as('jdoe'))
        .send({ userEntityRef: 'jdoe', ...period(-3, 8) });
      expect(backdated.status).toBe(403);
      expect(backdated.body.error.message).toMatch(/starts now or later/);

      // A manager's record of an override under way stays the managers'.
      const running = await request(app)
        .post(`/schedules/${id}/overrides`)
        .set(as('asmith'))
        .send({ userEntityRef: 'jdoe', ...period(-1, 8) });
      expect(running.status).toBe(201);
      const removed = await request(app)
        .delete(`/schedules/${id}/overrides/${running.body.id}`)
        .set(as('jdoe'));
      expect(removed.status).toBe(403);
      expect(removed.body.error.message).toMatch(/has begun/);
      expect(await overrides(id)).toHaveLength(1);
    });

    it('refuses overrides under 15 minutes and more than 100 open ones on a schedule', async () => {
      const { id } = await create();
      const start = DateTime.utc().plus({ hours: 1 }).startOf('hour');
      const blip = await request(app)
        .post(`/schedules/${id}/overrides`)
        .set(as('jdoe'))
        .send({
          userEntityRef: 'jdoe',
          start: start.toISO(),
          end: start.plus({ minutes: 1 }).toISO(),
        });
      expect(blip.status).toBe(400);
      expect(blip.body.error.message).toMatch(/at least 15 minutes/);

      for (let i = 0; i < 100; i++) {
        const at = start.plus({ hours: i });
        const made = await request(app)
          .post(`/schedules/${id}/overrides`)
          .set(as('jdoe'))
          .send({
            userEntityRef: 'jdoe',
            start: at.toISO(),
            end: at.plus({ minutes: 30 }).toISO(),
          });
        expect(made.status).toBe(201);
      }
      const tooMany = await request(app)
        .post(`/schedules/${id}/overrides`)
        .set(as('jdoe'))
        .send({ userEntityRef: 'jdoe', ...period(200, 1) });
      expect(tooMany.status).toBe(409);
      expect(await overrides(id)).toHaveLength(100);
    });

    it('lets a schedule manager put anyone on call, and take it back', async () => {
      const { id } = await create();
      const res = await request(app)
        .post(`/schedules/${id}/overrides`)
        .set(as('asmith'))
        .send({ userEntityRef: 'user:default/lisi', ...period(2, 24) });
      expect(res.status).toBe(201);
      expect(res.body.createdBy).toBe('user:default/asmith');
      const removed = await request(app)
        .delete(`/schedules/${id}/overrides/${res.body.id}`)
        .set(as('asmith'));
      expect(removed.status).toBe(204);
    });
  });

  describe('schedules', () => {
    it('creates, reads, lists by owner, replaces and deletes a schedule, auditing each change', async () => {
      const created = await create({
        ...sreSchedule,
        ownerRef: 'Group:default/SRE',
        layers: [{ ...sreSchedule.layers[0], members: ['JDoe', 'guest'] }],
      });
      expect(created).toMatchObject({
        id: expect.any(String),
        ownerRef: 'group:default/sre',
        layers: [{ members: ['user:default/jdoe', 'user:default/guest'] }],
        overrides: [],
      });
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'schedule',
          meta: expect.objectContaining({ action: 'create' }),
        }),
      );

      const read = await request(app)
        .get(`/schedules/${created.id}`)
        .set(as('zhangsan'));
      expect(read.body).toEqual(created);
      const list = await request(app)
        .get('/schedules')
        .query({ ownerRef: 'sre' })
        .set(as('zhangsan'));
      expect(list.body.items.map((s: { id: string }) => s.id)).toContain(
        created.id,
      );
      const none = await request(app)
        .get('/schedules')
        .query({ ownerRef: 'group:default/payments' })
        .set(as('zhangsan'));
      expect(none.body).toEqual({ items: [] });

      const put = await request(app)
        .put(`/schedules/${created.id}`)
        .set(as('asmith'))
        .send({ ...sreSchedule, name: 'SRE secondary' });
      expect(put.status).toBe(200);
      expect(put.body.name).toBe('SRE secondary');

      const del = await request(app)
        .delete(`/schedules/${created.id}`)
        .set(as('asmith'));
      expect(del.status).toBe(204);
      const gone = await request(app)
        .get(`/schedules/${created.id}`)
        .set(as('zhangsan'));
      expect(gone.status).toBe(404);
    });

    it('refuses to delete a schedule an escalation policy pages, naming the policy', async () => {
      const { id } = await create();
      pagedBy.set(id, [
        { id: 'payments-critical', ownerRef: 'group:default/payments' },
      ]);
      const refused = await request(app)
        .delete(`/schedules/${id}`)
        .set(as('asmith'));
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(/"payments-critical"/);
      pagedBy.delete(id);
      const deleted = await request(app)
        .delete(`/schedules/${id}`)
        .set(as('asmith'));
      expect(deleted.status).toBe(204);
    });

    it('needs wecom.schedule.manage to change schedules and wecom.oncall.read to read them', async () => {
      const { id } = await create();
      const post = await request(app)
        .post('/schedules')
        .set(as('jdoe'))
        .send(sreSchedule);
      expect(post.status).toBe(403);
      const put = await request(app)
        .put(`/schedules/${id}`)
        .set(as('jdoe'))
        .send(sreSchedule);
      expect(put.status).toBe(403);
      const del = await request(app).delete(`/schedules/${id}`).set(as('jdoe'));
      expect(del.status).toBe(403);
      for (const path of ['/schedules', `/schedules/${id}`]) {
        const read = await request(app).get(path).set(as('outsider'));
        expect(read.status).toBe(403);
        expect(read.body.error.message).toBe(
          'Missing permission wecom.oncall.read',
        );
      }
    });

    it('answers 404 for an unknown schedule or override', async () => {
      const { id } = await create();
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const [method, path, body] of [
        ['get', `/schedules/${unknown}`],
        ['put', `/schedules/${unknown}`, sreSchedule],
        ['delete', `/schedules/${unknown}`],
        [
          'get',
          `/schedules/${unknown}/timeline?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z`,
        ],
        [
          'post',
          `/schedules/${unknown}/overrides`,
          { userEntityRef: 'jdoe', ...period(1, 1) },
        ],
        ['delete', `/schedules/${unknown}/overrides/${unknown}`],
        ['delete', `/schedules/${id}/overrides/${unknown}`],
      ] as const) {
        let req = request(app)[method](path).set(as('asmith'));
        if (body) req = req.send(body);
        const res = await req;
        expect([path, res.status]).toEqual([path, 404]);
      }
    });
  });

  describe('what the catalog hides from the caller, as an attacker would probe it', () => {
    it('lists only schedules whose owner the caller can see, and answers 404 for any other, exactly as for one that does not exist', async () => {
      const sre = await create();
      const payments = await create({
        ...sreSchedule,
        name: 'Payments primary',
        ownerRef: 'group:default/payments',
        layers: [{ ...sreSchedule.layers[0], members: ['zhangsan'] }],
      });

      // wangwu may read on-call but the catalog hides the SRE team from them.
      const list = await request(app).get('/schedules').set(as('wangwu'));
      expect(list.status).toBe(200);
      const ids = list.body.items.map((s: { id: string }) => s.id);
      expect(ids).toContain(payments.id);
      expect(ids).not.toContain(sre.id);
      expect(JSON.stringify(list.body)).not.toMatch(/group:default\/sre/);
      const byOwner = await request(app)
        .get('/schedules')
        .query({ ownerRef: 'group:default/sre' })
        .set(as('wangwu'));
      expect(byOwner.body).toEqual({ items: [] });

      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const id of [sre.id, unknown]) {
        for (const path of [
          `/schedules/${id}`,
          `/schedules/${id}/timeline?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z`,
        ]) {
          const res = await request(app).get(path).set(as('wangwu'));
          expect([path, res.status]).toEqual([path, 404]);
          expect(res.body.error.message).toBe(`No schedule '${id}'`);
        }
        const override = await request(app)
          .post(`/schedules/${id}/overrides`)
          .set(as('wangwu'))
          .send({ userEntityRef: 'wangwu', ...period(1, 8) });
        expect(override.status).toBe(404);
      }
    });

    it('lets a manager neither change nor delete a schedule of a team the catalog hides from them', async () => {
      const platform = await create({
        ...sreSchedule,
        name: 'Platform primary',
        ownerRef: 'group:default/platform',
        layers: [{ ...sreSchedule.layers[0], members: ['wangwu'] }],
      });
      const put = await request(app)
        .put(`/schedules/${platform.id}`)
        .set(as('chenjing'))
        .send({ ...sreSchedule, name: 'Taken over' });
      expect(put.status).toBe(404);
      const del = await request(app)
        .delete(`/schedules/${platform.id}`)
        .set(as('chenjing'));
      expect(del.status).toBe(404);
      const still = await request(app)
        .get(`/schedules/${platform.id}`)
        .set(as('asmith'));
      expect(still.body.name).toBe('Platform primary');
    });

    it('names only the paging policies the caller can see when refusing a delete, and counts the others', async () => {
      const { id } = await create();
      pagedBy.set(id, [
        { id: 'payments-critical', ownerRef: 'group:default/payments' },
        { id: 'platform-secret', ownerRef: 'group:default/platform' },
      ]);
      const refused = await request(app)
        .delete(`/schedules/${id}`)
        .set(as('chenjing'));
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(
        `Schedule '${id}' is paged by escalation policy "payments-critical" and 1 more you cannot see: take it out of those policies first`,
      );
      pagedBy.set(id, [
        { id: 'platform-secret', ownerRef: 'group:default/platform' },
      ]);
      const onlyHidden = await request(app)
        .delete(`/schedules/${id}`)
        .set(as('chenjing'));
      expect(onlyHidden.status).toBe(409);
      expect(onlyHidden.body.error.message).not.toMatch(/platform-secret/);
      expect(onlyHidden.body.error.message).toMatch(/1 you cannot see/);
      pagedBy.delete(id);
    });

    it('audits refusals of the permission checks: who, what, on which schedule, denied', async () => {
      const { id } = await create();
      (auditor.createEvent as jest.Mock).mockClear();
      const del = await request(app).delete(`/schedules/${id}`).set(as('jdoe'));
      expect(del.status).toBe(403);
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'permission-denied',
          meta: {
            actor: 'user:default/jdoe',
            action: 'delete',
            target: `/schedules/${id}`,
            permission: 'wecom.schedule.manage',
            outcome: 'denied',
          },
        }),
      );
      const event = await (auditor.createEvent as jest.Mock).mock.results.at(-1)
        ?.value;
      expect(event.fail).toHaveBeenCalled();
    });

    it('audits what an update changed in the layers', async () => {
      const { id } = await create();
      (auditor.createEvent as jest.Mock).mockClear();
      const put = await request(app)
        .put(`/schedules/${id}`)
        .set(as('asmith'))
        .send({
          ...sreSchedule,
          layers: [
            {
              members: ['jdoe', 'newhire'],
              handoffTime: '10:00',
              rotationDays: 14,
              startDate: '2026-12-07',
            },
          ],
        });
      expect(put.status).toBe(200);
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'schedule',
          meta: expect.objectContaining({ action: 'update', scheduleId: id }),
        }),
      );
      const event = await (auditor.createEvent as jest.Mock).mock.results.at(-1)
        ?.value;
      expect(event.success).toHaveBeenCalledWith({
        meta: {
          ownerBefore: 'group:default/sre',
          ownerAfter: 'group:default/sre',
          layersBefore: [
            {
              members: ['user:default/jdoe', 'user:default/guest'],
              handoffTime: '09:00',
              rotationDays: 7,
              startDate: '2026-11-30',
            },
          ],
          layersAfter: [
            {
              members: ['user:default/jdoe', 'user:default/newhire'],
              handoffTime: '10:00',
              rotationDays: 14,
              startDate: '2026-12-07',
            },
          ],
        },
      });
    });
  });

  describe('validation a person understands', () => {
    const refused = async (body: object) => {
      const res = await request(app)
        .post('/schedules')
        .set(as('asmith'))
        .send(body);
      expect(res.status).toBe(400);
      return res.body.error.message as string;
    };
    const layer = sreSchedule.layers[0];

    it('names an unknown time zone and says what to use', async () => {
      expect(await refused({ ...sreSchedule, timeZone: 'China/Beijing' })).toBe(
        "Invalid schedule: timeZone: Unknown time zone 'China/Beijing'; use an IANA name such as Asia/Shanghai",
      );
      expect(await refused({ ...sreSchedule, timeZone: '+08:00' })).toContain(
        "Unknown time zone '+08:00'",
      );
    });

    it('refuses bad layers field by field', async () => {
      const message = await refused({
        ...sreSchedule,
        layers: [
          { ...layer, handoffTime: '9:00', rotationDays: 0 },
          { ...layer, startDate: '2026-02-30' },
          { ...layer, members: ['group:default/sre'] },
          { ...layer, members: [] },
        ],
      });
      expect(message).toContain(
        'layers.0.handoffTime: must be a time of day as HH:mm, such as 09:00',
      );
      expect(message).toContain('layers.0.rotationDays: must be 1 to 366 days');
      expect(message).toContain(
        'layers.1.startDate: must be a real date as YYYY-MM-DD',
      );
      expect(message).toContain(
        'layers.2.members.0: must be a user entity ref, got "group:default/sre"',
      );
      expect(message).toContain(
        'layers.3.members: a layer needs at least one member',
      );
      expect(
        await refused({ ...sreSchedule, layers: Array(11).fill(layer) }),
      ).toContain('layers: a schedule has at most 10 layers');
      expect(
        await refused({
          ...sreSchedule,
          layers: [{ ...layer, members: Array(101).fill('jdoe') }],
        }),
      ).toContain('a layer has at most 100 members');
      expect(
        await refused({
          ...sreSchedule,
          layers: [{ ...layer, rotationDays: 367 }],
        }),
      ).toContain('must be 1 to 366 days');
    });

    it('wants a group owner, a printable name of 1 to 100 characters', async () => {
      expect(
        await refused({ ...sreSchedule, ownerRef: 'user:default/jdoe' }),
      ).toContain('ownerRef: must be a group entity ref');
      expect(await refused({ ...sreSchedule, name: '  ' })).toContain('name');
      expect(
        await refused({ ...sreSchedule, name: 'x'.repeat(101) }),
      ).toContain('name: must be at most 100 characters');
      expect(await refused({ ...sreSchedule, name: 'SRE\u0000' })).toContain(
        'name must not contain control characters',
      );
    });

    it('names every person or group the catalog does not hold', async () => {
      expect(
        await refused({
          ...sreSchedule,
          ownerRef: 'group:default/ghosts',
          layers: [{ ...layer, members: ['jdoe', 'nobody', 'casper'] }],
        }),
      ).toBe(
        'Not in the catalog: group:default/ghosts, user:default/nobody, user:default/casper',
      );
    });

    it('refuses overrides that end first, last over 31 days, are already over, or name someone unknown', async () => {
      const { id } = await create();
      const post = async (body: object) => {
        const res = await request(app)
          .post(`/schedules/${id}/overrides`)
          .set(as('asmith'))
          .send(body);
        expect(res.status).toBe(400);
        return res.body.error.message as string;
      };
      const { start, end } = period(1, 8);
      expect(
        await post({ userEntityRef: 'jdoe', start: end, end: start }),
      ).toBe('Invalid override: end: must be after start');
      expect(
        await post({ userEntityRef: 'jdoe', ...period(1, 24 * 31 + 1) }),
      ).toBe('Invalid override: end: an override lasts at most 31 days');
      expect(
        await post({ userEntityRef: 'jdoe', ...period(-48, 24) }),
      ).toContain('end is in the past');
      expect(
        await post({ userEntityRef: 'jdoe', start: '2026-12-08T09:00', end }),
      ).toContain('is not an ISO 8601 time with an offset');
      expect(await post({ userEntityRef: 'nobody', start, end })).toBe(
        'Not in the catalog: user:default/nobody',
      );
      // Partly past is fine: "I am on call since this morning until tonight".
      const res = await request(app)
        .post(`/schedules/${id}/overrides`)
        .set(as('asmith'))
        .send({ userEntityRef: 'jdoe', ...period(-2, 8) });
      expect(res.status).toBe(201);
    });
  });

  describe('timeline', () => {
    it("answers the final timeline and each layer's shifts in the schedule's zone", async () => {
      const { id } = await create({
        ...sreSchedule,
        layers: [
          {
            ...sreSchedule.layers[0],
            rotationDays: 1,
            startDate: '2026-12-07',
          },
        ],
      });
      const res = await request(app)
        .get(`/schedules/${id}/timeline`)
        .query({ from: '2026-12-07T01:00:00Z', to: '2026-12-09T01:00:00Z' })
        .set(as('guest'));
      expect(res.status).toBe(200);
      // A `+` left unencoded in the query arrives as a space: read as `+`.
      const unencoded = await request(app)
        .get(
          `/schedules/${id}/timeline?from=2026-12-07T09:00:00+08:00&to=2026-12-09T09:00:00+08:00`,
        )
        .set(as('guest'));
      expect(unencoded.body).toEqual(res.body);
      expect(res.body).toEqual({
        scheduleId: id,
        from: '2026-12-07T09:00:00.000+08:00',
        to: '2026-12-09T09:00:00.000+08:00',
        shifts: [
          {
            userEntityRef: 'user:default/jdoe',
            start: '2026-12-07T09:00:00.000+08:00',
            end: '2026-12-08T09:00:00.000+08:00',
            source: 0,
          },
          {
            userEntityRef: 'user:default/guest',
            start: '2026-12-08T09:00:00.000+08:00',
            end: '2026-12-09T09:00:00.000+08:00',
            source: 0,
          },
        ],
        layers: [
          [
            {
              userEntityRef: 'user:default/jdoe',
              start: '2026-12-07T09:00:00.000+08:00',
              end: '2026-12-08T09:00:00.000+08:00',
              source: 0,
            },
            {
              userEntityRef: 'user:default/guest',
              start: '2026-12-08T09:00:00.000+08:00',
              end: '2026-12-09T09:00:00.000+08:00',
              source: 0,
            },
          ],
        ],
      });
    });

    it('refuses a window over 92 days, backwards, or without an offset', async () => {
      const { id } = await create();
      const get = (query: object) =>
        request(app)
          .get(`/schedules/${id}/timeline`)
          .query(query)
          .set(as('guest'));
      const long = await get({
        from: '2026-12-01T00:00:00Z',
        to: '2027-03-04T00:00:00Z',
      });
      expect(long.status).toBe(400);
      expect(long.body.error.message).toBe(
        'Invalid window: to: the window is at most 92 days',
      );
      const backwards = await get({
        from: '2026-12-02T00:00:00Z',
        to: '2026-12-01T00:00:00Z',
      });
      expect(backwards.body.error.message).toBe(
        'Invalid window: to: must be after from',
      );
      const missing = await get({});
      expect(missing.status).toBe(400);
    });
  });
});
