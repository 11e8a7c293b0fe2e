import { CallLog } from './callLog';

describe('CallLog', () => {
  it('counts every call exactly while keeping only the newest entries', () => {
    const log = new CallLog(3);
    for (let i = 0; i < 5; i++) {
      log.record({
        api: i % 2 ? 'gettoken' : 'message/send',
        at: `t${i}`,
        errcode: i === 4 ? 45009 : 0,
      });
    }
    expect(log.total).toBe(5);
    expect(log.count('message/send')).toBe(3);
    expect(log.counts()['message/send']).toEqual({
      calls: 3,
      errors: 1,
      byErrcode: { '0': 2, '45009': 1 },
    });
    expect(log.entries().map(e => e.at)).toEqual(['t2', 't3', 't4']);
  });
});
