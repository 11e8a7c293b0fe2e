import { Entity } from '@backstage/catalog-model';
import { WECOM_ANNOTATIONS } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { ApiCallCount } from 'wecom-emulator';
import { component, group, withRelations } from '../src/__testUtils__/demoOrg';
import {
  BenchBackend,
  WECOM_LIMITS,
  memberId,
  oneClickLink,
  startBenchBackend,
  waitFor,
} from './benchBackend';
import { count, heading, median, ms, note, table } from './report';

/**
 * Fan-out: incidents whose owning team has N linked members, through a
 * real backend and the emulator with WeCom's limits on. Counts the WeCom
 * calls the backend made and times, from the moment the incident is
 * created, until the emulator has received the last member's card and until
 * the backend has recorded every delivery as sent.
 */

const SIZES = [1_000, 10_000];
const TEAM = 'group:default/responders';
const SERVICE = 'component:default/checkout';

/** Incidents per size: the first runs on a cold backend, the median is reported. */
const ROUNDS = 3;

interface Round {
  createdMs: number;
  lastCardMs: number;
  allSentMs: number;
  sendCalls: number;
  otherCalls: Record<string, number>;
  errors: number;
}

interface FanOutResult {
  recipients: number;
  linkSeconds: number;
  rounds: Round[];
}

/** N users of one team that owns the service, each with their WeCom userid annotated. */
function catalog(size: number): Entity[] {
  const users: Entity[] = [];
  for (let i = 1; i <= size; i++) {
    users.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: {
        name: `responder-${i}`,
        namespace: 'default',
        annotations: { [WECOM_ANNOTATIONS.userId]: memberId(i) },
      },
      spec: { profile: { displayName: `Responder ${i}` }, memberOf: [TEAM] },
    });
  }
  return withRelations([
    group('responders'),
    component('checkout', 'responders'),
    ...users,
  ]);
}

function members(size: number) {
  return Array.from({ length: size }, (_, i) => ({
    userid: memberId(i + 1),
    name: `Responder ${i + 1}`,
    department: [1],
  }));
}

/** Calls per API made since `before`. */
function callsSince(
  backend: BenchBackend,
  before: Record<string, ApiCallCount>,
): Record<string, { calls: number; errors: number }> {
  const after = backend.emulator.callCounts();
  const diff: Record<string, { calls: number; errors: number }> = {};
  for (const [api, now] of Object.entries(after)) {
    const calls = now.calls - (before[api]?.calls ?? 0);
    const errors = now.errors - (before[api]?.errors ?? 0);
    if (calls > 0) diff[api] = { calls, errors };
  }
  return diff;
}

/** One incident for the team: its cards counted and timed. */
async function notifyTeam(
  backend: BenchBackend,
  size: number,
  round: number,
): Promise<Round> {
  const { emulator } = backend;
  const before = emulator.callCounts();
  const deliveredBefore = emulator.state.messages.deliveredCount;
  const cardsBefore = emulator.state.cards.all().length;

  const t0 = Date.now();
  const incident = await backend.api('/incidents', {
    body: {
      title: `Checkout is down (${size} responders, round ${round})`,
      severity: 'critical',
      entityRef: SERVICE,
    },
  });
  const createdMs = Date.now() - t0;
  await waitFor(
    `${size} cards at the emulator`,
    () => emulator.state.messages.deliveredCount - deliveredBefore >= size,
  );
  let deliveries: Array<{ status: string; updatedAt: string }> = [];
  await waitFor(
    'every delivery recorded as sent',
    async () => {
      deliveries = (await backend.api(`/incidents/${incident.id}/deliveries`))
        .items;
      return (
        deliveries.length >= size &&
        deliveries.every(d => d.status !== 'pending')
      );
    },
    { everyMs: 100 },
  );
  const notSent = deliveries.filter(d => d.status !== 'sent');
  if (notSent.length > 0) {
    throw new Error(`${notSent.length} deliveries are ${notSent[0].status}`);
  }

  // Emulator-side: when WeCom took the last card (its clock is wall time).
  const lastCard = Math.max(
    ...emulator.state.cards
      .all()
      .slice(cardsBefore)
      .map(card => DateTime.fromISO(card.sentAt).toMillis()),
  );
  const allSent = Math.max(
    ...deliveries.map(d => DateTime.fromISO(d.updatedAt).toMillis()),
  );
  const calls = callsSince(backend, before);
  const { 'message/send': sends, ...others } = calls;
  return {
    createdMs,
    lastCardMs: lastCard - t0,
    allSentMs: allSent - t0,
    sendCalls: sends?.calls ?? 0,
    otherCalls: Object.fromEntries(
      Object.entries(others).map(([api, c]) => [api, c.calls]),
    ),
    errors: Object.values(calls).reduce((sum, c) => sum + c.errors, 0),
  };
}

async function fanOut(size: number): Promise<FanOutResult> {
  const backend = await startBenchBackend({
    members: members(size),
    entities: catalog(size),
    rateLimits: WECOM_LIMITS,
  });
  try {
    // Linked through the API: the annotation wins without a WeCom call.
    const linkStarted = Date.now();
    const linking = await oneClickLink(backend);
    const linkSeconds = (Date.now() - linkStarted) / 1000;
    if (linking.status !== 'completed' || linking.linked.length !== size) {
      throw new Error(
        `One-Click Link linked ${linking.linked.length} of ${size} (${linking.status})`,
      );
    }
    const rounds: Round[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      rounds.push(await notifyTeam(backend, size, round));
    }
    return { recipients: size, linkSeconds, rounds };
  } finally {
    await backend.stop();
  }
}

export async function run(): Promise<void> {
  heading('Fan-out');
  note(
    `Incidents on ${SERVICE}, owned by ${TEAM} whose N members are all linked; a real backend (SQLite in memory) and the emulator in one process, the emulator enforcing WeCom's limits (${
      WECOM_LIMITS.perUserPerMinute
    } messages per member per minute and ${count(
      WECOM_LIMITS.perUserPerHour,
    )} per hour, dropping the excess silently; ${count(
      WECOM_LIMITS.perCorpApiPerMinute,
    )} calls per API per minute). ${ROUNDS} incidents one after the other per size; times are the median (and the first incident's, on a cold backend) from the \`POST /incidents\` (which answers once the cards are queued) to the emulator receiving the last member's card, and to the backend recording every delivery as \`sent\`. Linking (setup) is One-Click Link through the API, where the userid annotation wins without a WeCom call. Target: 1,000 recipients per \`message/send\`.`,
  );
  note('');
  const results: FanOutResult[] = [];
  for (const size of SIZES) results.push(await fanOut(size));
  table(
    [
      'Recipients',
      '`message/send` per incident',
      'Target',
      'Other WeCom calls (all incidents)',
      'WeCom errors',
      'Incident created (ms)',
      'Last card at WeCom (ms)',
      'All `sent` in backend (ms)',
      'Linking (setup, s)',
    ],
    results.map(r => {
      const target = Math.ceil(r.recipients / 1000);
      const sends = [...new Set(r.rounds.map(x => x.sendCalls))];
      const others = new Map<string, number>();
      for (const round of r.rounds) {
        for (const [api, calls] of Object.entries(round.otherCalls)) {
          others.set(api, (others.get(api) ?? 0) + calls);
        }
      }
      const times = (pick: (round: Round) => number) => {
        const values = r.rounds.map(pick);
        return `${ms(median(values))} (first ${ms(values[0])})`;
      };
      return [
        count(r.recipients),
        sends.map(count).join(' / '),
        `${count(target)} ${
          sends.length === 1 && sends[0] === target ? '✓' : '✗'
        }`,
        [...others].map(([api, calls]) => `${api} ${calls}`).join(', ') ||
          'none',
        count(r.rounds.reduce((sum, x) => sum + x.errors, 0)),
        times(x => x.createdMs),
        times(x => x.lastCardMs),
        times(x => x.allSentMs),
        r.linkSeconds.toFixed(1),
      ];
    }),
  );
}
