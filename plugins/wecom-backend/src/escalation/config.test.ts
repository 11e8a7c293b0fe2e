import { ConfigReader } from '@backstage/config';
import { readEscalationConfig } from './config';

const read = (escalation: object) =>
  readEscalationConfig(new ConfigReader({ wecom: { escalation } }));

describe('readEscalationConfig', () => {
  it('reads levels with normalised targets, re-notification off by default', () => {
    expect(
      read({
        levels: [
          { afterMinutes: 15, targets: ['group:sre', 'JDoe'] },
          { afterMinutes: 45, targets: ['user:ops/boss'] },
        ],
      }),
    ).toEqual({
      levels: [
        {
          afterMinutes: 15,
          targets: ['group:default/sre', 'user:default/jdoe'],
        },
        { afterMinutes: 45, targets: ['user:ops/boss'] },
      ],
      renotifyMinutes: 0,
    });
    expect(readEscalationConfig(new ConfigReader({}))).toEqual({
      levels: [],
      renotifyMinutes: 0,
    });
  });

  it('refuses at start-up what would misfire later', () => {
    expect(() =>
      read({
        levels: [
          { afterMinutes: 30, targets: ['group:sre'] },
          { afterMinutes: 15, targets: ['user:boss'] },
        ],
      }),
    ).toThrow(
      /levels\[1\]\.afterMinutes \(15\) must be later than the level before \(30\)/,
    );
    expect(() =>
      read({ levels: [{ afterMinutes: 0, targets: ['sre'] }] }),
    ).toThrow(/afterMinutes must be more than 0/);
    expect(() =>
      read({ levels: [{ afterMinutes: 5, targets: ['component:api'] }] }),
    ).toThrow(/targets are users or groups/);
    expect(() => read({ renotifyMinutes: -1 })).toThrow(/renotifyMinutes/);
  });
});
