import { Entity } from '@backstage/catalog-model';
import { WECOM_ANNOTATIONS } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { DeliveredMessage } from 'wecom-emulator';
import { component, group, withRelations } from '../src/__testUtils__/demoOrg';
import {
  BenchBackend,
  WECOM_LIMITS,
  memberId,
  oneClickLink,
  startBenchBackend,
  waitFor,
} from './benchBackend';
import { heading, median, ms, note, percentile, table } from './report';

/**
 * Alert storms: a deploy fires 500 alerts across 40 services within a
 * minute. 8 teams of 4 own 5 services each; a platform lead is in every
 * team, so they hold all 500. Through a real backend and the emulator
 * enforcing WeCom's per-member limits (dropping the excess silently), it
 * counts the messages each person got, the time to the last one, and the
 * incidents lost (neither carded nor counted in a digest the person got).
 * Then the quiet path: single alerts to people who got nothing lately,
 * timed from the request to the emulator receiving the card.
 */

const ALERTS = 500;
const SERVICES = 40;
const TEAMS = 8;
const TEAM_SIZE = 4;
const CAUSES = ['HighLatency', 'ErrorRate'];
/** Alerts in flight at once, as a burst of alert requests would be. */
const CONCURRENCY = 20;
const QUIET_ALERTS = 40;

const LEAD = memberId(0);
const teamOf = (service: number) => service % TEAMS;
const teamMember = (team: number, i: number) =>
  memberId(1 + team * TEAM_SIZE + i);
/** The quiet path's people: one per quiet team, none of them in the storm. */
const quietMember = (i: number) => memberId(1_000 + i);
const QUIET_TEAMS = 10;

function user(userid: string, memberOf: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: userid,
      namespace: 'default',
      annotations: { [WECOM_ANNOTATIONS.userId]: userid },
    },
    spec: { profile: { displayName: userid }, memberOf },
  };
}

function catalog(): Entity[] {
  const teams = Array.from({ length: TEAMS }, (_, t) => `team-${t}`);
  const entities: Entity[] = [
    ...teams.map(name => group(name)),
    user(
      LEAD,
      teams.map(t => `group:default/${t}`),
    ),
  ];
  for (let t = 0; t < TEAMS; t++) {
    for (let i = 0; i < TEAM_SIZE; i++) {
      entities.push(user(teamMember(t, i), [`group:default/team-${t}`]));
    }
  }
  for (let s = 0; s < SERVICES; s++) {
    entities.push(component(`svc-${s}`, `team-${teamOf(s)}`));
  }
  for (let q = 0; q < QUIET_TEAMS; q++) {
    entities.push(group(`quiet-${q}`));
    entities.push(user(quietMember(q), [`group:default/quiet-${q}`]));
    entities.push(component(`quiet-svc-${q}`, `quiet-${q}`));
  }
  return withRelations(entities);
}

function members() {
  const ids = [LEAD];
  for (let t = 0; t < TEAMS; t++) {
    for (let i = 0; i < TEAM_SIZE; i++) ids.push(teamMember(t, i));
  }
  for (let q = 0; q < QUIET_TEAMS; q++) ids.push(quietMember(q));
  return ids.map(userid => ({ userid, name: userid, department: [1] }));
}

/** "You hold 37 new incidents" → 37; a card of its own counts one. */
function incidentsIn(message: DeliveredMessage): number {
  if (message.msgtype !== 'markdown') return 1;
  const content = (message.content as { content: string }).content;
  return Number(/You hold (\d+) new incident/.exec(content)?.[1] ?? 0);
}

interface StormResult {
  postMs: number;
  messagesPerPerson: number[];
  leadMessages: number;
  lastMessageMs: number;
  expectedPairs: number;
  receivedPairs: number;
  dropped: number;
  notSent: number;
}

async function storm(backend: BenchBackend): Promise<StormResult> {
  const { emulator } = backend;
  const droppedBefore = emulator.state.messages.droppedCount;
  const t0 = Date.now();
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ALERTS) {
        const alert = next++;
        const service = alert % SERVICES;
        const cause = CAUSES[Math.floor(alert / SERVICES) % CAUSES.length];
        const incident = await backend.api('/incidents', {
          body: {
            title: `svc-${service}: ${cause}`,
            severity: 'high',
            entityRef: `component:default/svc-${service}`,
            labels: { alertname: cause },
          },
        });
        ids.push(incident.id);
      }
    }),
  );
  const postMs = Date.now() - t0;
  // Every person of every incident: the lead and the owning team.
  const expectedPairs = ALERTS * (1 + TEAM_SIZE);
  let deliveries: Array<{ status: string }> = [];
  await waitFor(
    'every delivery of the storm recorded',
    async () => {
      const rows = await backend
        .knex('wecom_card_deliveries')
        .whereIn('incident_id', ids)
        .select('status');
      deliveries = rows;
      return (
        rows.length >= expectedPairs &&
        rows.every(row => row.status !== 'pending')
      );
    },
    { everyMs: 250, timeoutMs: 600_000 },
  );
  const people = members()
    .map(m => m.userid)
    .filter(userid => !userid.startsWith('u01'));
  const received = people.map(userid =>
    emulator
      .messagesTo(userid)
      .filter(m => DateTime.fromISO(m.sentAt).toMillis() >= t0),
  );
  const all = received.flat();
  return {
    postMs,
    messagesPerPerson: received.map(list => list.length),
    leadMessages: received[0].length,
    lastMessageMs:
      Math.max(...all.map(m => DateTime.fromISO(m.sentAt).toMillis())) - t0,
    expectedPairs,
    receivedPairs: all.reduce((sum, m) => sum + incidentsIn(m), 0),
    dropped: emulator.state.messages.droppedCount - droppedBefore,
    notSent: deliveries.filter(d => d.status !== 'sent').length,
  };
}

/** Single alerts to people who got nothing lately: alert → card. */
async function quietPath(backend: BenchBackend): Promise<number[]> {
  const { emulator } = backend;
  const latencies: number[] = [];
  for (let i = 0; i < QUIET_ALERTS; i++) {
    const q = i % QUIET_TEAMS;
    const userid = quietMember(q);
    const before = emulator.messagesTo(userid).length;
    const t0 = performance.now();
    await backend.api('/incidents', {
      body: {
        title: `quiet-svc-${q} is slow`,
        severity: 'high',
        entityRef: `component:default/quiet-svc-${q}`,
      },
    });
    await waitFor(
      'the quiet card',
      () => emulator.messagesTo(userid).length > before,
      { everyMs: 1 },
    );
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

export async function run(): Promise<void> {
  heading('Alert storm');
  note(
    `${ALERTS} alerts across ${SERVICES} services (\`POST /incidents\`, ${CONCURRENCY} at a time, each its own incident: the path without Alertmanager's grouping), ${TEAMS} teams of ${TEAM_SIZE} owning ${
      SERVICES / TEAMS
    } services each, and a platform lead in every team who holds all ${ALERTS}. A real backend (SQLite in memory) and the emulator enforcing WeCom's per-member limits (${
      WECOM_LIMITS.perUserPerMinute
    } a minute, ${
      WECOM_LIMITS.perUserPerHour
    } an hour, the excess dropped silently); default storm policy (10 cards a minute per person, then digests). "Lost": person-incident pairs neither carded nor counted in a digest the person received, plus messages the emulator dropped.`,
  );
  note('');
  const backend = await startBenchBackend({
    members: members(),
    entities: catalog(),
    rateLimits: WECOM_LIMITS,
  });
  try {
    const linking = await oneClickLink(backend);
    if (linking.status !== 'completed') {
      throw new Error(`One-Click Link: ${linking.status}`);
    }
    // Warm the backend (token, catalog) on a quiet person first.
    await quietPath(backend);
    const result = await storm(backend);
    const lost =
      Math.max(0, result.expectedPairs - result.receivedPairs) + result.dropped;
    table(
      [
        'Alerts',
        'People',
        'Messages per person (median / max)',
        'Lead (holds all)',
        'All alerts posted (ms)',
        'Last message at WeCom (ms)',
        'Person-incident pairs',
        'Lost',
        'Dropped by WeCom',
      ],
      [
        [
          String(ALERTS),
          String(result.messagesPerPerson.length),
          `${median(result.messagesPerPerson)} / ${Math.max(
            ...result.messagesPerPerson,
          )}`,
          String(result.leadMessages),
          ms(result.postMs),
          ms(result.lastMessageMs),
          `${result.receivedPairs} of ${result.expectedPairs}`,
          String(lost),
          String(result.dropped),
        ],
      ],
    );
    note('');
    const quiet = await quietPath(backend);
    table(
      ['Quiet path', 'Alerts', 'alert → card p50 (ms)', 'p99 (ms)'],
      [
        [
          'one alert, one person, no storm',
          String(quiet.length),
          ms(percentile(quiet, 50)),
          ms(percentile(quiet, 99)),
        ],
      ],
    );
  } finally {
    await backend.stop();
  }
}
