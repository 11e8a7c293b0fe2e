import { ConfigReader } from '@backstage/config';
import { readOutboxClaimTimeout } from './config';

const withTimeout = (claimTimeoutSeconds: number) =>
  new ConfigReader({
    wecom: { notifications: { outbox: { claimTimeoutSeconds } } },
  });

describe('readOutboxClaimTimeout', () => {
  it('is 2 minutes unless configured', () => {
    expect(readOutboxClaimTimeout(new ConfigReader({})).as('seconds')).toBe(
      120,
    );
  });

  it('takes the configured seconds', () => {
    expect(readOutboxClaimTimeout(withTimeout(10)).as('seconds')).toBe(10);
  });

  it('refuses a timeout so short that a send still on the wire would be taken over', () => {
    expect(() => readOutboxClaimTimeout(withTimeout(1))).toThrow(
      'wecom.notifications.outbox.claimTimeoutSeconds must be 5 or more (seconds), got 1',
    );
  });
});
