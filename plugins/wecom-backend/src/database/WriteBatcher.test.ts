import { WriteBatcher } from './WriteBatcher';

/** A write that records its groups and answers each item doubled. */
function recordingWrite(failOn?: number) {
  const groups: number[][] = [];
  const write = async (items: number[]) => {
    groups.push(items);
    await new Promise(resolve => setImmediate(resolve));
    if (failOn !== undefined && items.includes(failOn)) {
      throw new Error(`cannot write ${failOn}`);
    }
    return items.map(item => item * 2);
  };
  return { groups, write };
}

describe('WriteBatcher', () => {
  it('writes items added in the same turn together, answering each its own result', async () => {
    const { groups, write } = recordingWrite();
    const batcher = new WriteBatcher(write);

    const results = await Promise.all([1, 2, 3].map(i => batcher.add(i)));

    expect(results).toEqual([2, 4, 6]);
    expect(groups).toEqual([[1, 2, 3]]);
  });

  it('writes items added during a write in the next group', async () => {
    const { groups, write } = recordingWrite();
    const batcher = new WriteBatcher(write);

    const first = batcher.add(1);
    await new Promise(resolve => setImmediate(resolve)); // the write started
    const later = [batcher.add(2), batcher.add(3)];

    expect(await Promise.all([first, ...later])).toEqual([2, 4, 6]);
    expect(groups).toEqual([[1], [2, 3]]);
  });

  it('splits groups at maxItems', async () => {
    const { groups, write } = recordingWrite();
    const batcher = new WriteBatcher(write, 2);

    await Promise.all([1, 2, 3, 4, 5].map(i => batcher.add(i)));

    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('fails only the item that cannot be written', async () => {
    const { write } = recordingWrite(2);
    const batcher = new WriteBatcher(write);

    const results = await Promise.allSettled(
      [1, 2, 3].map(i => batcher.add(i)),
    );

    expect(results).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('cannot write 2') },
      { status: 'fulfilled', value: 6 },
    ]);
  });

  it('rejects a group whose write answers the wrong number of results', async () => {
    const batcher = new WriteBatcher(async (items: number[]) => items.slice(1));

    const results = await Promise.allSettled([1, 2].map(i => batcher.add(i)));

    expect(results.map(r => r.status)).toEqual(['rejected', 'rejected']);
  });
});
