import { mockServices } from '@backstage/backend-test-utils';
import { WeComLinkRun } from 'backstage-plugin-wecom-common';
import { LinkRunProgress } from './LinkRunProgress';
import { LinkRunStore } from './LinkRunStore';

/** A store that remembers what each save wrote. */
function recordingStore() {
  const saved: WeComLinkRun[] = [];
  const store = {
    save: async (run: WeComLinkRun) => {
      saved.push(JSON.parse(JSON.stringify(run)));
    },
    heartbeat: async () => true,
    finish: async (run: WeComLinkRun) => {
      saved.push(JSON.parse(JSON.stringify(run)));
    },
  } as unknown as LinkRunStore;
  return { store, saved };
}

function newRun(total: number): WeComLinkRun {
  return {
    id: 'run-1',
    integrationId: 'acme',
    status: 'running',
    startedAt: '2026-11-26T10:00:00.000Z',
    progress: { total, processed: 0 },
    alreadyLinked: 0,
    linked: [],
    notFound: [],
    failed: [],
  };
}

const link = (progress: LinkRunProgress, i: number) =>
  progress.linked({
    entityRef: `user:default/u${i}`,
    wecomUserId: `U${i}`,
    via: 'mobile',
  });

/** Lets queued writes run (they are promise chains; the clock stands still). */
async function settle() {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe('LinkRunProgress', () => {
  // Time stands still unless a test moves it: the saves depend on it.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('shows a run moving after its first users', async () => {
    const { store, saved } = recordingStore();
    const progress = new LinkRunProgress(
      newRun(100),
      store,
      mockServices.logger.mock(),
    );
    for (let i = 0; i < 25; i++) link(progress, i);
    await settle();
    expect(saved.at(-1)?.progress).toEqual({ total: 100, processed: 25 });
    await progress.finish('completed');
  });

  it('saves a fast big run a few times, not once per 25 users, and the last save holds everyone', async () => {
    const { store, saved } = recordingStore();
    const progress = new LinkRunProgress(
      newRun(10_000),
      store,
      mockServices.logger.mock(),
    );
    // Users finish between the writes, as lookups do.
    for (let i = 0; i < 10_000; i++) {
      link(progress, i);
      await Promise.resolve();
    }
    const final = await progress.finish('completed');

    expect(saved.length).toBeLessThanOrEqual(3);
    const last = saved.at(-1)!;
    expect(last.status).toBe('completed');
    expect(last.progress.processed).toBe(10_000);
    expect(last.linked).toHaveLength(10_000);
    expect(final.linked).toHaveLength(10_000);
  });
});
