import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  WECOM_WORKSPACE_IDENTITY_COOKIE,
  WeComWorkspaceIdentitySigner,
} from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { BackstageLinkedUserAccess } from './BackstageLinkedUserAccess';

const SECRETS_KEY = 'a-test-sealing-key-of-at-least-32-characters';
const signer = WeComWorkspaceIdentitySigner.fromSecretsKey(SECRETS_KEY);
const ZHANGSAN = 'user:default/zhangsan';
const member = { integrationId: 'acme', wecomUserId: 'ZhangSan' };
const update = createPermission({
  name: 'wecom.incident.update',
  attributes: { action: 'update' },
});

/** The auth backend's `/wecom/refresh` as a fetch double. */
function authBackend(answer: (cookie: string) => Response) {
  const calls: Array<{ url: string; cookie: string }> = [];
  const fetchFn = (async (url: string, init?: RequestInit) => {
    const cookie = new Headers(init?.headers).get('cookie') ?? '';
    calls.push({ url, cookie });
    return answer(cookie);
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

const signedIn = (entityRef: string) =>
  Response.json({
    backstageIdentity: { token: mockCredentials.user.token(entityRef) },
  });

function access(options: {
  permissionEnabled?: boolean;
  fetchFn?: typeof fetch;
  withoutSigner?: boolean;
  decision?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
}) {
  const logger = mockServices.logger.mock();
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(() => ({
        result: options.decision ?? AuthorizeResult.ALLOW,
      })),
  });
  const links = {
    findByMember: async (integrationId: string, wecomUserId: string) =>
      integrationId === 'acme' && wecomUserId === 'ZhangSan'
        ? {
            integrationId,
            wecomUserId,
            entityRef: ZHANGSAN,
            source: 'manual' as const,
            linkedAt: DateTime.utc(),
          }
        : undefined,
  };
  const service = BackstageLinkedUserAccess.create({
    config: mockServices.rootConfig({
      data: { permission: { enabled: options.permissionEnabled ?? true } },
    }),
    links,
    signer: options.withoutSigner ? undefined : signer,
    discovery: mockServices.discovery(),
    auth: mockServices.auth(),
    permissions,
    logger,
    fetch: options.fetchFn ?? authBackend(() => signedIn(ZHANGSAN)).fetchFn,
  });
  return { service, logger, permissions };
}

describe('BackstageLinkedUserAccess', () => {
  it("signs the member in at the auth backend's wecom provider with a one-minute identity, and asks the policy with the user's credentials", async () => {
    const backend = authBackend(() => signedIn(ZHANGSAN));
    const { service, permissions } = access({
      fetchFn: backend.fetchFn,
      decision: AuthorizeResult.DENY,
    });

    const identity = await service.credentialsOf(member);

    expect(identity).toMatchObject({
      kind: 'user',
      user: {
        entityRef: ZHANGSAN,
        credentials: { principal: { type: 'user', userEntityRef: ZHANGSAN } },
      },
    });
    expect(backend.calls).toHaveLength(1);
    expect(backend.calls[0].url).toBe(
      'http://localhost:0/api/auth/wecom/refresh',
    );
    const token = backend.calls[0].cookie.replace(
      `${WECOM_WORKSPACE_IDENTITY_COOKIE}=`,
      '',
    );
    const check = signer.verify(token);
    expect(check).toMatchObject({ ok: true, identity: member });
    const expiresIn =
      (check.ok ? check.identity.expiresAt.getTime() : 0) - Date.now();
    expect(expiresIn).toBeLessThanOrEqual(60_000);

    if (identity.kind !== 'user') throw new Error('not a user');
    expect(await service.isAllowed(identity.user, update)).toBe(false);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: update }],
      { credentials: identity.user.credentials },
    );
  });

  it('asks again on every call: nothing is cached', async () => {
    const backend = authBackend(() => signedIn(ZHANGSAN));
    const { service } = access({ fetchFn: backend.fetchFn });

    await service.credentialsOf(member);
    await service.credentialsOf(member);

    expect(backend.calls).toHaveLength(2);
  });

  it('answers unlinked without asking the auth backend', async () => {
    const backend = authBackend(() => signedIn(ZHANGSAN));
    const { service } = access({ fetchFn: backend.fetchFn });

    expect(
      await service.credentialsOf({ integrationId: 'acme', wecomUserId: 'X' }),
    ).toEqual({ kind: 'unlinked' });
    expect(backend.calls).toEqual([]);
  });

  it('with the permission framework off, allows everything and fetches no token (as the routes do)', async () => {
    const backend = authBackend(() => new Response(null, { status: 500 }));
    const { service, permissions } = access({
      permissionEnabled: false,
      fetchFn: backend.fetchFn,
      decision: AuthorizeResult.DENY,
    });

    const identity = await service.credentialsOf(member);

    expect(identity).toMatchObject({
      kind: 'user',
      user: {
        entityRef: ZHANGSAN,
        credentials: { principal: { type: 'service' } },
      },
    });
    if (identity.kind !== 'user') throw new Error('not a user');
    expect(await service.isAllowed(identity.user, update)).toBe(true);
    expect(backend.calls).toEqual([]);
    expect(permissions.authorize).not.toHaveBeenCalled();
  });

  it('refuses, warning once, when the auth backend has no wecom provider', async () => {
    const backend = authBackend(
      () =>
        new Response(
          JSON.stringify({ error: { name: 'NotFoundError', message: 'x' } }),
          { status: 404 },
        ),
    );
    const { service, logger } = access({ fetchFn: backend.fetchFn });

    for (let i = 0; i < 3; i++) {
      expect(await service.credentialsOf(member)).toMatchObject({
        kind: 'unavailable',
        entityRef: ZHANGSAN,
      });
    }
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('no `wecom` sign-in provider'),
    );
  });

  it('refuses when the provider will not sign the member in (e.g. the catalog user is gone)', async () => {
    const backend = authBackend(() =>
      Response.json(
        {
          error: {
            name: 'AuthenticationError',
            message:
              'linked to user:default/zhangsan, which is not in the catalog',
          },
        },
        { status: 401 },
      ),
    );
    const { service } = access({ fetchFn: backend.fetchFn });

    expect(await service.credentialsOf(member)).toMatchObject({
      kind: 'unavailable',
      reason: expect.stringContaining('not in the catalog'),
    });
  });

  it('refuses to act as anyone but the linked user', async () => {
    const backend = authBackend(() => signedIn('user:default/someone-else'));
    const { service } = access({ fetchFn: backend.fetchFn });

    expect(await service.credentialsOf(member)).toMatchObject({
      kind: 'unavailable',
      reason: expect.stringContaining('user:default/someone-else'),
    });
  });

  it('refuses without wecom.secretsKey, asking nobody', async () => {
    const backend = authBackend(() => signedIn(ZHANGSAN));
    const { service } = access({
      fetchFn: backend.fetchFn,
      withoutSigner: true,
    });

    expect(await service.credentialsOf(member)).toMatchObject({
      kind: 'unavailable',
    });
    expect(backend.calls).toEqual([]);
  });

  it('throws on a failure worth a retry (the auth backend answers 503)', async () => {
    const backend = authBackend(() => new Response(null, { status: 503 }));
    const { service } = access({ fetchFn: backend.fetchFn });

    await expect(service.credentialsOf(member)).rejects.toThrow(/HTTP 503/);
  });
});
