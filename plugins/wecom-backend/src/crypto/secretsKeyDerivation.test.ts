import { deriveFromSecretsKey } from './secretsKeyDerivation';

describe('deriveFromSecretsKey', () => {
  it('derives the same key per purpose as before, and a different one for each', () => {
    // Pinned: secrets sealed and states signed with these must still open.
    const secretsKey = '0123456789abcdef0123456789abcdef-test';
    const keys = {
      'integration secrets':
        'd7523a2e8ba89383082ca0994781f110f07a1d33509a18a06b6692f61f0e0f5d',
      'workspace oauth state':
        '84acf8a569d00f761e1b2940889ba805f050ef5dedc2bce5dc84c07ad9235701',
      'workspace ticket binding':
        '127cf899982f022bbb415543a8cc5baba3d106506cc4a47fd39ce3b4124af0e2',
    } as const;
    for (const [purpose, hex] of Object.entries(keys)) {
      expect(
        deriveFromSecretsKey(secretsKey, purpose as keyof typeof keys).toString(
          'hex',
        ),
      ).toBe(hex);
    }
  });
});
