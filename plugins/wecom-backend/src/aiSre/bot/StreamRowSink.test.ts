import { mockServices } from '@backstage/backend-test-utils';
import { DateTime } from 'luxon';
import { BotStreamStore } from './BotStreamStore';
import { StreamRowSink } from './StreamRowSink';

function recordingStore(failures = 0) {
  const writes: Array<{ content: string; finished: boolean }> = [];
  let failing = failures;
  const store = {
    write: async (_id: string, content: string, finished: boolean) => {
      if (failing-- > 0) throw new Error('connection reset');
      writes.push({ content, finished });
      return true;
    },
  } as unknown as BotStreamStore;
  return { writes, store };
}

const sinkFor = (store: BotStreamStore, intervalMs = 0) =>
  new StreamRowSink({
    streamId: 's1',
    store,
    intervalMs,
    logger: mockServices.logger.mock(),
    now: () => DateTime.utc(),
  });

describe('StreamRowSink', () => {
  it('stores only the newest of quick partial answers, then the final one last', async () => {
    const { writes, store } = recordingStore();
    const sink = sinkFor(store, 60_000);
    await sink.update('a', false);
    await sink.update('ab', false);
    await sink.update('abc', false);
    await sink.update('abcd', true);
    // The throttled partial write was superseded by the final answer.
    expect(writes).toEqual([{ content: 'abcd', finished: true }]);
    await sink.update('late partial', false);
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(writes).toEqual([{ content: 'abcd', finished: true }]);
    expect(sink.latest).toBe('abcd');
  });

  it('stores partial answers as they come when not throttled', async () => {
    const { writes, store } = recordingStore();
    const sink = sinkFor(store);
    await sink.update('The 5xx', false);
    await new Promise(resolve => setTimeout(resolve, 10));
    await sink.update('The 5xx rate', true);
    expect(writes).toEqual([
      { content: 'The 5xx', finished: false },
      { content: 'The 5xx rate', finished: true },
    ]);
  });

  it('tries the final answer a second time when the database hiccups', async () => {
    const { writes, store } = recordingStore(1);
    await sinkFor(store).update('final', true);
    expect(writes).toEqual([{ content: 'final', finished: true }]);
  });
});
