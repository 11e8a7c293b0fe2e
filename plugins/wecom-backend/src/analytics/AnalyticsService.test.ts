import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations } from '../database/migrations';
import { writeTimestamp } from '../database/time';
import { DatabaseIncidentProvider } from '../incidents/DatabaseIncidentProvider';
import { parseAnalyticsQuery } from './analyticsQuery';
import { AnalyticsService } from './AnalyticsService';
import { AnalyticsStore } from './AnalyticsStore';
import { OwnerDirectory } from './OwnerDirectory';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const PAYMENTS = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout';
const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';
const JDOE = 'user:default/jdoe';
const ASMITH = 'user:default/asmith';

const OWNER_OF: Record<string, string[]> = {
  [PAYMENTS]: [TEAM_A],
  [CHECKOUT]: [TEAM_B],
};
const OWNERS: OwnerDirectory = {
  ownersOf: async refs => new Map(refs.map(ref => [ref, OWNER_OF[ref] ?? []])),
};

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

describe.each(databases.eachSupportedId())('Insights on %p', databaseId => {
  let knex: Knex;
  let analytics: AnalyticsService;

  // The fixed data set; durations in seconds after each incident opened.
  //  A payments-api critical  Mon 2026-11-02 10:00Z  start +60,  close +600
  //  B payments-api high      Tue 2026-11-03 10:00Z  start +120, close +600,
  //                                                   reopen +700, start +800,
  //                                                   close +1200
  //  C checkout     warning   Wed 2026-11-04 10:00Z  start +300, close +3600
  //  D checkout     info      Thu 2026-11-05 16:30Z  open (Fri 00:30 in Shanghai)
  //  E no entity    critical  Fri 2026-11-06 01:00Z  closed at +60, never started
  //  F payments-api high      Sat 2026-10-31 20:00Z  (Sun 04:00 in Shanghai)
  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyMigrations(knex);
    let now = at('2026-11-01T00:00:00Z');
    const provider = new DatabaseIncidentProvider({
      knex,
      logger: mockServices.logger.mock(),
      clock: () => now,
    });
    const open = async (
      iso: string,
      severity: 'critical' | 'high' | 'warning' | 'info',
      entityRef?: string,
    ) => {
      now = at(iso);
      return provider.createIncident({ title: iso, severity, entityRef });
    };
    const act = async (
      id: string,
      opened: string,
      seconds: number,
      action: 'startProcessing' | 'close' | 'reopen',
    ) => {
      now = at(opened).plus({ seconds });
      await provider.transition(id, { action }, JDOE);
    };

    const a = await open('2026-11-02T10:00:00Z', 'critical', PAYMENTS);
    await act(a.id, '2026-11-02T10:00:00Z', 60, 'startProcessing');
    await act(a.id, '2026-11-02T10:00:00Z', 600, 'close');
    const b = await open('2026-11-03T10:00:00Z', 'high', PAYMENTS);
    for (const [seconds, action] of [
      [120, 'startProcessing'],
      [600, 'close'],
      [700, 'reopen'],
      [800, 'startProcessing'],
      [1200, 'close'],
    ] as const) {
      await act(b.id, '2026-11-03T10:00:00Z', seconds, action);
    }
    const c = await open('2026-11-04T10:00:00Z', 'warning', CHECKOUT);
    await act(c.id, '2026-11-04T10:00:00Z', 300, 'startProcessing');
    await act(c.id, '2026-11-04T10:00:00Z', 3600, 'close');
    const d = await open('2026-11-05T16:30:00Z', 'info', CHECKOUT);
    const e = await open('2026-11-06T01:00:00Z', 'critical');
    await act(e.id, '2026-11-06T01:00:00Z', 60, 'close');
    const f = await open('2026-10-31T20:00:00Z', 'high', PAYMENTS);

    const page = (
      incidentId: string,
      entityRef: string,
      iso: string,
      status = 'sent',
    ) => ({
      incident_id: incidentId,
      integration_id: 'acme',
      task_id: null,
      entity_ref: entityRef,
      wecom_user_id: null,
      status,
      level: 0,
      created_at: writeTimestamp(at(iso)),
      updated_at: writeTimestamp(at(iso)),
    });
    await knex('wecom_card_deliveries').insert([
      page(a.id, JDOE, '2026-11-02T10:00:05Z'), // Mon 10h UTC
      page(b.id, JDOE, '2026-11-03T10:00:05Z'), // Tue 10h UTC
      page(b.id, ASMITH, '2026-11-03T10:05:00Z', 'failed'), // not a page
      page(d.id, ASMITH, '2026-11-05T16:30:05Z'), // Thu 16h UTC, Fri 0h Shanghai
      page(f.id, JDOE, '2026-10-31T20:00:05Z'), // before a UTC window
    ]);
    analytics = new AnalyticsService(new AnalyticsStore(knex), OWNERS);
  });
  afterAll(() => knex.destroy());

  const query = (raw: Record<string, string>) =>
    analytics.analytics(
      parseAnalyticsQuery({ from: '2026-11-01', to: '2026-11-08', ...raw }),
    );

  it('counts MTTA to the first start and MTTR to the last close, as median and p90', async () => {
    const result = await query({ groupBy: 'service' });
    expect(result.summary.incidentCount).toBe(5);
    // MTTA of A, B, C: 60, 120, 300 (B's restart at +800 does not count).
    expect(result.summary.mtta).toEqual({
      count: 3,
      medianSeconds: 120,
      p90Seconds: 264, // 120 + 0.8 × (300 − 120)
    });
    // MTTR of E, A, B, C: 60, 600, 1200, 3600; D is still open.
    expect(result.summary.mttr).toEqual({
      count: 4,
      medianSeconds: 900,
      p90Seconds: 2880, // 1200 + 0.7 × (3600 − 1200)
    });
  });

  it('compares services (ties: most pages first), with incidents without an entity apart', async () => {
    const { groups } = await query({ groupBy: 'service' });
    expect(groups).toEqual([
      {
        key: PAYMENTS,
        incidentCount: 2,
        mtta: { count: 2, medianSeconds: 90, p90Seconds: 114 },
        mttr: { count: 2, medianSeconds: 900, p90Seconds: 1140 },
        pageCount: 2,
      },
      {
        key: CHECKOUT,
        incidentCount: 2,
        mtta: { count: 1, medianSeconds: 300, p90Seconds: 300 },
        mttr: { count: 1, medianSeconds: 3600, p90Seconds: 3600 },
        pageCount: 1,
      },
      {
        key: null,
        incidentCount: 1,
        mtta: { count: 0, medianSeconds: null, p90Seconds: null },
        mttr: { count: 1, medianSeconds: 60, p90Seconds: 60 },
        pageCount: 0,
      },
    ]);
  });

  it("groups by the entity's owner team, and narrows to one team", async () => {
    const all = await query({ groupBy: 'team' });
    expect(all.groups.map(g => [g.key, g.incidentCount])).toEqual([
      [TEAM_A, 2],
      [TEAM_B, 2],
      [null, 1],
    ]);

    const teamA = await query({ groupBy: 'team', key: 'team-a' });
    expect(teamA.key).toBe(TEAM_A);
    expect(teamA.groups).toHaveLength(1);
    expect(teamA.summary.incidentCount).toBe(2);
    expect(teamA.summary.mtta.medianSeconds).toBe(90);
    expect(teamA.summary.pagesPerPerson).toEqual([
      { userEntityRef: JDOE, pages: 2 },
    ]);
  });

  it('counts incidents per day by severity and pages by weekday and hour, in UTC', async () => {
    const { summary } = await query({ groupBy: 'service' });
    expect(summary.incidentsPerDay.map(d => d.date)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
      '2026-11-06',
      '2026-11-07',
    ]);
    expect(summary.incidentsPerDay[1]).toEqual({
      date: '2026-11-02',
      total: 1,
      critical: 1,
      high: 0,
      warning: 0,
      info: 0,
    });
    expect(summary.incidentsPerDay[4]).toMatchObject({
      date: '2026-11-05',
      info: 1,
    });
    expect(summary.pageCount).toBe(3);
    expect(summary.pagesPerPerson).toEqual([
      { userEntityRef: JDOE, pages: 2 },
      { userEntityRef: ASMITH, pages: 1 },
    ]);
    expect(summary.pagingHours[0][10]).toBe(1); // Monday 10:00
    expect(summary.pagingHours[1][10]).toBe(1); // Tuesday 10:00
    expect(summary.pagingHours[3][16]).toBe(1); // Thursday 16:00
    expect(summary.pagingHours.flat().reduce((a, b) => a + b)).toBe(3);
  });

  it('puts days, hours and the window itself in the time zone asked for', async () => {
    const { summary, from, to } = await query({
      groupBy: 'service',
      tz: 'Asia/Shanghai',
    });
    // 2026-11-01 in Shanghai starts at 2026-10-31T16:00Z: F is in.
    expect(DateTime.fromISO(from).toUTC().toISO()).toBe(
      '2026-10-31T16:00:00.000Z',
    );
    expect(DateTime.fromISO(to).toUTC().toISO()).toBe(
      '2026-11-07T16:00:00.000Z',
    );
    expect(summary.incidentCount).toBe(6);
    const day = (date: string) =>
      summary.incidentsPerDay.find(d => d.date === date);
    expect(day('2026-11-01')).toMatchObject({ total: 1, high: 1 }); // F
    // D opened Thursday 16:30 UTC, Friday 00:30 in Shanghai.
    expect(day('2026-11-05')).toMatchObject({ total: 0 });
    expect(day('2026-11-06')).toMatchObject({ total: 2, info: 1, critical: 1 });
    expect(summary.pagingHours[4][0]).toBe(1); // Friday 00:00 Shanghai
    expect(summary.pagingHours[6][4]).toBe(1); // F's page: Sunday 04:00
    expect(summary.pagingHours[3][16]).toBe(0);
  });

  it('answers zeros, not errors, for a window without incidents', async () => {
    const result = await analytics.analytics(
      parseAnalyticsQuery({
        groupBy: 'team',
        from: '2025-01-01',
        to: '2025-01-03',
      }),
    );
    expect(result.groups).toEqual([]);
    expect(result.summary.incidentCount).toBe(0);
    expect(result.summary.mtta).toEqual({
      count: 0,
      medianSeconds: null,
      p90Seconds: null,
    });
    expect(result.summary.incidentsPerDay).toHaveLength(2);
  });
});
