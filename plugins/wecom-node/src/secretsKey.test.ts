import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WeComWorkspaceIdentitySigner } from './workspaceIdentity';

/** The fallback `${WECOM_SECRETS_KEY:-…}` of the repository's demo app-config.yaml. */
function demoSecretsKey(): string {
  const appConfig = readFileSync(
    join(__dirname, '../../../app-config.yaml'),
    'utf8',
  );
  const fallback = /secretsKey:\s*\$\{WECOM_SECRETS_KEY:-([^}]+)\}/.exec(
    appConfig,
  )?.[1];
  if (!fallback) throw new Error('app-config.yaml has no secretsKey fallback');
  return fallback;
}

describe('the demo configuration’s secretsKey', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('signs nobody in production: whoever read the repository could sign in as any linked user', () => {
    const demoKey = demoSecretsKey();
    process.env.NODE_ENV = 'production';
    expect(() => WeComWorkspaceIdentitySigner.fromSecretsKey(demoKey)).toThrow(
      'wecom.secretsKey is the public example of the demo configuration',
    );
    // A key of one's own is fine in production.
    expect(() =>
      WeComWorkspaceIdentitySigner.fromSecretsKey(
        'an-own-production-key-of-32-characters-or-more',
      ),
    ).not.toThrow();
  });

  it('still works for local development and tests', () => {
    const demoKey = demoSecretsKey();
    process.env.NODE_ENV = 'development';
    expect(() =>
      WeComWorkspaceIdentitySigner.fromSecretsKey(demoKey),
    ).not.toThrow();
  });
});
