import {
  compileRedactPatterns,
  createRedactor,
  secretValuesOf,
} from './redaction';

describe('createRedactor', () => {
  const { redact } = createRedactor({
    patterns: compileRedactPatterns(['EMP-\\d{6}']),
    secrets: ['corp-secret-value-123', 'abc'],
  });

  it.each([
    [
      'OPENAI_API_KEY=sk-proj-abcdefghijklmnop1234',
      'OPENAI_API_KEY=[redacted]',
    ],
    ['key sk-abcdefghijklmnopqrstuvwx leaked', 'key [redacted] leaked'],
    [
      'curl -H "Authorization: Bearer eyJhbGciOi.abc.def12345"',
      'curl -H "Authorization: Bearer [redacted]"',
    ],
    ['db password=hunter2 failed', 'db password=[redacted] failed'],
    ['DB_PASSWORD: "s3cr3t!"', 'DB_PASSWORD: "[redacted]"'],
    ['{"apiKey": "xyz-123-456"}', '{"apiKey": "[redacted]"}'],
    [
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key = [redacted]',
    ],
    ['id AKIAIOSFODNN7EXAMPLE here', 'id [redacted] here'],
    [
      'postgres://app:pa55word@db.internal:5432/pay',
      'postgres://app:[redacted]@db.internal:5432/pay',
    ],
    ['token ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'token [redacted]'],
    ['employee EMP-123456 paged', 'employee [redacted] paged'],
    ['the corp-secret-value-123 was rotated', 'the [redacted] was rotated'],
  ])('redacts %p', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('redacts a whole private key block', () => {
    const pem = [
      'here is the key:',
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEA1234',
      'abcd',
      '-----END RSA PRIVATE KEY-----',
      'done',
    ].join('\n');

    expect(redact(pem)).toBe('here is the key:\n[redacted]\ndone');
  });

  it('leaves ordinary incident text alone, and short known values', () => {
    const text =
      'Payments API 5xx above 5% since 09:00; abc team paged; password reset page slow';

    expect(redact(text)).toBe(text);
  });
});

describe('compileRedactPatterns', () => {
  it('names the key and the reason of a pattern that does not compile', () => {
    expect(() => compileRedactPatterns(['ok', '(unclosed'])).toThrow(
      /^wecom\.aiSre\.redactPatterns\[1\] is not a valid regular expression: /,
    );
  });
});

describe('secretValuesOf', () => {
  it('finds the secrets of an integration at any depth', () => {
    expect(
      secretValuesOf({
        id: 'acme',
        corpId: 'ww1',
        secret: 'app-secret',
        callback: { token: 'cb-token', encodingAESKey: 'cb-aes' },
        bot: { mode: 'longConnection', botId: 'b1', secret: 'bot-secret' },
      }),
    ).toEqual(['app-secret', 'cb-token', 'cb-aes', 'bot-secret']);
  });
});
