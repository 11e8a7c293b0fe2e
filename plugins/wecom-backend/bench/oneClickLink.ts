import { Entity } from '@backstage/catalog-model';
import { WECOM_ANNOTATIONS } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import {
  WECOM_LIMITS,
  memberId,
  oneClickLink,
  startBenchBackend,
} from './benchBackend';
import { count, heading, note, ratio, table } from './report';

/**
 * One-Click Link of catalog users found by mobile (no userid annotation, so
 * one `user/getuserid` each), through a real backend and the emulator,
 * timed against the floor WeCom's lookup limit sets: N / limit minutes.
 *
 * 10,000 lookups at 1,200 a minute take 8⅓ minutes, so the limited runs are
 * scaled in time: the emulator's clock runs SPEEDUP times faster (its
 * per-minute windows last 60 / SPEEDUP real seconds) and the backend's
 * budgets are the same counts per 60 / SPEEDUP seconds (`wecom.rateLimits`).
 * Every limit keeps its count per window, so a run has the same windows and
 * bursts as the unscaled one, only shorter; the ratio to the floor is the
 * same.
 */

const SPEEDUP = 6;
const WINDOW_SECONDS = 60 / SPEEDUP;

interface Scenario {
  name: string;
  users: number;
  /** WeCom's lookups per minute; none: unlimited. */
  wecomLookupsPerMinute?: number;
  /** The backend's lookup budget per minute (`wecom.rateLimits.lookup`). */
  budgetPerMinute: number;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'No lookup limit: the backend’s own pace',
    users: 10_000,
    budgetPerMinute: 1_000_000,
  },
  {
    name: 'WeCom’s limit, budget set to it',
    users: 10_000,
    wecomLookupsPerMinute: WECOM_LIMITS.lookupsPerMinute,
    budgetPerMinute: WECOM_LIMITS.lookupsPerMinute,
  },
  {
    name: 'WeCom’s limit half the budget',
    users: 3_000,
    wecomLookupsPerMinute: WECOM_LIMITS.lookupsPerMinute / 2,
    budgetPerMinute: WECOM_LIMITS.lookupsPerMinute,
  },
];

/** Catalog users with a mobile and nothing else WeCom could be asked about. */
function catalog(size: number): Entity[] {
  return Array.from({ length: size }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: `member-${i + 1}`,
      namespace: 'default',
      annotations: { [WECOM_ANNOTATIONS.mobile]: mobile(i + 1) },
    },
    spec: { profile: { displayName: `Member ${i + 1}` }, memberOf: [] },
  }));
}

function mobile(index: number): string {
  return `139${String(index).padStart(8, '0')}`;
}

function members(size: number) {
  return Array.from({ length: size }, (_, i) => ({
    userid: memberId(i + 1),
    name: `Member ${i + 1}`,
    mobile: mobile(i + 1),
  }));
}

/**
 * An emulator clock that runs at wall time until `speedUp()`, then SPEEDUP
 * times faster from the start of an emulated minute, so the emulator's
 * windows start with the run (a fixed phase makes runs comparable).
 */
function acceleratingClock() {
  let from: number | undefined;
  let emulatedFrom = 0;
  return {
    clock: () => {
      const now = Date.now();
      if (from === undefined) return DateTime.fromMillis(now);
      return DateTime.fromMillis(emulatedFrom + (now - from) * SPEEDUP);
    },
    speedUp() {
      from = Date.now();
      emulatedFrom = Math.ceil(from / 60_000) * 60_000;
    },
  };
}

interface LinkResult {
  scenario: Scenario;
  seconds: number;
  /** This process's CPU (backend, emulator and benchmark) per lookup. */
  cpuMsPerLookup: number;
  linked: number;
  failed: number;
  lookups: number;
  rateLimited: number;
}

async function linkEveryone(scenario: Scenario): Promise<LinkResult> {
  const time = acceleratingClock();
  const budget = (points: number) => ({
    points,
    durationSeconds: WINDOW_SECONDS,
  });
  const backend = await startBenchBackend({
    members: members(scenario.users),
    entities: catalog(scenario.users),
    rateLimits: {
      perUserPerMinute: WECOM_LIMITS.perUserPerMinute,
      perCorpApiPerMinute: WECOM_LIMITS.perCorpApiPerMinute,
      lookupsPerMinute: scenario.wecomLookupsPerMinute,
    },
    clock: time.clock,
    extraConfig: {
      rateLimits: {
        perCorpApi: budget(
          scenario.wecomLookupsPerMinute
            ? WECOM_LIMITS.perCorpApiPerMinute
            : scenario.budgetPerMinute,
        ),
        lookup: budget(scenario.budgetPerMinute),
      },
    },
    // The retries after 45009 are logged as warnings, which would break up the tables.
    logLevel: 'error',
  });
  try {
    const { emulator } = backend;
    const lookupsBefore = emulator.callCounts()['user/getuserid'];
    time.speedUp();
    const started = Date.now();
    const cpuBefore = process.cpuUsage();
    const linkRun = await oneClickLink(backend, { everyMs: 50 });
    const seconds = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const lookups = emulator.callCounts()['user/getuserid'];
    const made = (lookups?.calls ?? 0) - (lookupsBefore?.calls ?? 0);
    return {
      scenario,
      seconds,
      cpuMsPerLookup: (cpu.user + cpu.system) / 1000 / made,
      linked: linkRun.linked.length,
      failed: linkRun.failed.length + (linkRun.status === 'completed' ? 0 : 1),
      lookups: made,
      rateLimited:
        (lookups?.byErrcode['45009'] ?? 0) -
        (lookupsBefore?.byErrcode['45009'] ?? 0),
    };
  } finally {
    await backend.stop();
  }
}

export async function run(): Promise<void> {
  heading('One-Click Link');
  note(
    `Catalog users with a mobile annotation only, so each needs one \`user/getuserid\`; a real backend (SQLite in memory, \`wecom.linking.concurrency\` 4) and the emulator in one process. The floor is users / WeCom's lookups per minute. Scaled ${SPEEDUP}× in time: the emulator's clock runs ${SPEEDUP}× fast (its minute windows last ${WINDOW_SECONDS} s, starting with the run) and the backend's budgets (\`wecom.rateLimits\`) are the same counts per ${WINDOW_SECONDS} s; the figures below are in real seconds, and the scaled minute is ${WINDOW_SECONDS} s. Time is from \`POST /linked-users/one-click-link\` until the run is no longer \`running\` (checked every 50 ms); CPU is this process's (backend, emulator and benchmark) per lookup, the steadiest figure on a busy machine. Target: within 1.1× of the floor.`,
  );
  note('');
  const results: LinkResult[] = [];
  for (const scenario of SCENARIOS) results.push(await linkEveryone(scenario));
  table(
    [
      'Scenario',
      'Users',
      'WeCom limit / min',
      'Backend budget / min',
      'Linked',
      'Failed',
      '`user/getuserid` calls',
      'Answered 45009',
      'Time (s)',
      'Lookups/s',
      'CPU/lookup (ms)',
      'Floor (s)',
      'Time / floor',
    ],
    results.map(r => {
      const limit = r.scenario.wecomLookupsPerMinute;
      const floor = limit
        ? (r.scenario.users / limit) * WINDOW_SECONDS
        : undefined;
      return [
        r.scenario.name,
        count(r.scenario.users),
        limit ? count(limit) : 'none',
        limit ? count(r.scenario.budgetPerMinute) : 'none',
        count(r.linked),
        count(r.failed),
        count(r.lookups),
        count(r.rateLimited),
        r.seconds.toFixed(1),
        count(r.lookups / r.seconds),
        r.cpuMsPerLookup.toFixed(2),
        floor === undefined ? '—' : floor.toFixed(1),
        floor === undefined ? '—' : ratio(r.seconds / floor, { atMost: 1.1 }),
      ];
    }),
  );
  note(
    `The windows are fixed, as the emulator's are: a run may spend a whole window's budget at once, so its strict minimum is ⌈users / limit⌉ − 1 full windows plus the last burst (${SCENARIOS.filter(
      s => s.wecomLookupsPerMinute,
    )
      .map(
        s =>
          `${(
            (Math.ceil(s.users / s.wecomLookupsPerMinute!) - 1) *
            WINDOW_SECONDS
          ).toFixed(0)} s for ${count(s.users)} users at ${count(
            s.wecomLookupsPerMinute!,
          )}`,
      )
      .join(', ')}), a little under the floor.`,
  );
  note('');
}
