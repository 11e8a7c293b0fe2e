import { SecretSealer } from './sealing';

describe('SecretSealer', () => {
  const sealer = SecretSealer.fromPassphrase('x'.repeat(32));

  it('opens what it sealed for the same owner', () => {
    const sealed = sealer.seal('app-secret', 'acme');
    expect(sealed).not.toContain('app-secret');
    expect(sealer.open(sealed, 'acme')).toBe('app-secret');
  });

  it('seals the same value differently each time', () => {
    expect(sealer.seal('a', 'acme')).not.toBe(sealer.seal('a', 'acme'));
  });

  it('refuses a sealed value moved to another owner or opened with another key', () => {
    const sealed = sealer.seal('app-secret', 'acme');
    expect(() => sealer.open(sealed, 'globex')).toThrow(/cannot be opened/);
    const other = SecretSealer.fromPassphrase('y'.repeat(32));
    expect(() => other.open(sealed, 'acme')).toThrow(/cannot be opened/);
  });

  it('refuses a short passphrase with a way to make a good one', () => {
    expect(() => SecretSealer.fromPassphrase('short')).toThrow(
      /at least 32 characters/,
    );
  });
});
