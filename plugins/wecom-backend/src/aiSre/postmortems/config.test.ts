import { ConfigReader } from '@backstage/config';
import { readPostmortemMinInterval } from './config';

describe('readPostmortemMinInterval', () => {
  const read = (minIntervalSeconds?: unknown) =>
    readPostmortemMinInterval(
      new ConfigReader(
        minIntervalSeconds === undefined
          ? {}
          : { wecom: { aiSre: { postmortem: { minIntervalSeconds } } } },
      ),
    );

  it('allows one generation a minute by default, or what is configured', () => {
    expect(read().as('seconds')).toBe(60);
    expect(read(300).as('seconds')).toBe(300);
    expect(read(0).as('seconds')).toBe(0);
  });

  it('refuses a negative interval at start-up, naming the key', () => {
    expect(() => read(-5)).toThrow(
      'wecom.aiSre.postmortem.minIntervalSeconds must be 0 or more (seconds), got -5',
    );
  });
});
