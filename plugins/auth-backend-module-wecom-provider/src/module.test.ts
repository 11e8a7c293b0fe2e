import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import {
  AuthProviderFactory,
  AuthResolverContext,
  authProvidersExtensionPoint,
} from '@backstage/plugin-auth-node';
import { WeComWorkspaceIdentitySigner } from 'backstage-plugin-wecom-node';
import express from 'express';
import request from 'supertest';
import authModuleWeComProvider from './index';

const SECRETS_KEY = 'a-test-sealing-key-of-at-least-32-characters';
const signer = WeComWorkspaceIdentitySigner.fromSecretsKey(SECRETS_KEY);
const CATALOG_USERS = ['user:default/zhangsan', 'user:default/jdoe'];

type JsonObject = NonNullable<
  NonNullable<Parameters<typeof mockServices.rootConfig.factory>[0]>['data']
>;

/** The identity cookie as the WeCom backend sets it after WeCom's OAuth2. */
function identityCookie(wecomUserId: string, integrationId = 'demo') {
  const { token } = signer.sign({ integrationId, wecomUserId });
  return `wecom-workspace-identity=${token}`;
}

/** A JWT-shaped token; the stand-in issuer does not sign. */
function unsignedToken(claims: JsonObject) {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.`;
}

/**
 * Stands in for `@backstage/plugin-auth-backend` (not a dependency of this
 * package): it offers the providers extension point and mounts each
 * configured provider's `/refresh` the way the auth backend does, with a
 * resolver context whose catalog holds CATALOG_USERS.
 */
const authStandIn = createBackendPlugin({
  pluginId: 'auth',
  register(env) {
    const factories = new Map<string, AuthProviderFactory>();
    env.registerExtensionPoint(authProvidersExtensionPoint, {
      registerProvider: ({ providerId, factory }) =>
        factories.set(providerId, factory),
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, logger, httpRouter }) {
        const issueToken: AuthResolverContext['issueToken'] = async ({
          claims,
        }) => ({ token: unsignedToken(claims) });
        const resolverContext = {
          issueToken,
          async signInWithCatalogUser({ entityRef }: { entityRef: string }) {
            if (!CATALOG_USERS.includes(entityRef)) {
              throw new NotFoundError(`User ${entityRef} not found`);
            }
            return issueToken({ claims: { sub: entityRef, ent: [entityRef] } });
          },
        } as unknown as AuthResolverContext;
        const router = express.Router();
        for (const [providerId, factory] of factories) {
          const providerConfig = config.getOptionalConfig(
            `auth.providers.${providerId}`,
          );
          if (!providerConfig) continue;
          const provider = factory({
            providerId,
            config: providerConfig,
            logger,
            resolverContext,
            baseUrl: 'http://localhost:7007/api/auth',
            appUrl: 'http://localhost:3000',
            isOriginAllowed: () => true,
            globalConfig: {
              baseUrl: 'http://localhost:7007/api/auth',
              appUrl: 'http://localhost:3000',
              isOriginAllowed: () => true,
            },
          });
          router.get(`/${providerId}/refresh`, (req, res, next) => {
            provider.refresh!(req, res).catch(next);
          });
          // As the auth backend does: a logout route only if the provider
          // has a handler.
          if (provider.logout) {
            router.post(`/${providerId}/logout`, (req, res, next) => {
              provider.logout!(req, res).catch(next);
            });
          }
        }
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});

/** Stands in for the WeCom backend's member lookup, for services only. */
function wecomStandIn(links: Record<string, string>, callers: string[]) {
  return createBackendPlugin({
    pluginId: 'wecom',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = express.Router();
          // What the WeCom backend's OAuth2 callback sets in the browser.
          router.get('/test-sign-in/:wecomUserId', (req, res) => {
            const { token, expiresAt } = signer.sign({
              integrationId: 'demo',
              wecomUserId: req.params.wecomUserId,
            });
            res
              .cookie('wecom-workspace-identity', token, {
                path: '/api/auth/wecom',
                httpOnly: true,
                sameSite: 'lax',
                expires: expiresAt,
              })
              .end();
          });
          router.get('/linked-users/resolve', (req, res, next) => {
            httpAuth
              .credentials(req, { allow: ['service'] })
              .then(credentials => {
                callers.push(credentials.principal.subject);
                const entityRef =
                  req.query.integration === 'demo'
                    ? links[String(req.query.wecomUserId)]
                    : undefined;
                if (!entityRef) {
                  res.status(404).json({ error: { name: 'NotFoundError' } });
                  return;
                }
                res.json({ entityRef });
              })
              .catch(next);
          });
          httpRouter.use(router);
          httpRouter.addAuthPolicy({
            path: '/test-sign-in',
            allow: 'unauthenticated',
          });
        },
      });
    },
  });
}

async function startBackend(options: {
  wecomProvider?: JsonObject;
  withoutSecretsKey?: boolean;
  links?: Record<string, string>;
}) {
  const callers: string[] = [];
  const backend = await startTestBackend({
    features: [
      authStandIn,
      authModuleWeComProvider,
      wecomStandIn(
        options.links ?? {
          ZhangSan: 'user:default/zhangsan',
          Ghost: 'user:default/left-the-company',
        },
        callers,
      ),
      mockServices.rootConfig.factory({
        data: {
          auth: { providers: { wecom: options.wecomProvider ?? {} } },
          ...(options.withoutSecretsKey
            ? {}
            : { wecom: { secretsKey: SECRETS_KEY } }),
        },
      }),
    ],
  });
  const refresh = (cookie?: string) => {
    const req = request(backend.server).get('/api/auth/wecom/refresh');
    return cookie ? req.set('Cookie', cookie) : req;
  };
  return {
    refresh,
    callers,
    server: backend.server,
    stop: () => backend.stop(),
  };
}

describe('the wecom auth provider', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeAll(async () => {
    backend = await startBackend({});
  });
  afterAll(() => backend.stop());

  it('signs a linked member in as their catalog user', async () => {
    const res = await backend.refresh(identityCookie('ZhangSan'));
    expect(res.status).toBe(200);
    expect(res.body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/zhangsan',
      ownershipEntityRefs: ['user:default/zhangsan'],
    });
    const [, claims] = res.body.backstageIdentity.token.split('.');
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({
      sub: 'user:default/zhangsan',
      ent: ['user:default/zhangsan'],
    });
    // It asked the WeCom backend with its own service token.
    expect(backend.callers).toContain('plugin:auth');
  });

  it('refuses without the cookie, and says how to get one', async () => {
    const res = await backend.refresh();
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(
      /No WeCom sign-in found: open Backstage from the app in the WeCom workspace/,
    );
  });

  it('refuses a forged, foreign or expired cookie', async () => {
    // The MAC's first character carries whole bits (its last has padding).
    const [version, payload, mac] = signer
      .sign({ integrationId: 'demo', wecomUserId: 'ZhangSan' })
      .token.split('.');
    const forged = `wecom-workspace-identity=${version}.${payload}.${
      mac[0] === 'A' ? 'B' : 'A'
    }${mac.slice(1)}`;
    const foreign = `wecom-workspace-identity=${
      WeComWorkspaceIdentitySigner.fromSecretsKey(
        'another-sealing-key-of-at-least-32-characters',
      ).sign({ integrationId: 'demo', wecomUserId: 'ZhangSan' }).token
    }`;
    const expired = `wecom-workspace-identity=${
      signer.sign(
        { integrationId: 'demo', wecomUserId: 'ZhangSan' },
        { now: new Date(Date.now() - 13 * 3600 * 1000) },
      ).token
    }`;
    for (const [cookie, reason] of [
      [forged, /bad signature/],
      [foreign, /bad signature/],
      [expired, /has expired/],
      ['wecom-workspace-identity=garbage', /malformed/],
    ] as const) {
      const res = await backend.refresh(cookie);
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/^Cannot sign in with WeCom: /);
      expect(res.body.error.message).toMatch(reason);
    }
  });

  it('tells an unlinked member to sign in another way once', async () => {
    const res = await backend.refresh(identityCookie('LiSi'));
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(
      /\(LiSi\) is not linked to a Backstage user yet\. Sign in another way once/,
    );
  });

  it('refuses a member of another integration with the same userid', async () => {
    const res = await backend.refresh(identityCookie('ZhangSan', 'other'));
    expect(res.status).toBe(401);
  });

  it('refuses a link to a user who is no longer in the catalog', async () => {
    const res = await backend.refresh(identityCookie('Ghost'));
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(
      /linked to user:default\/left-the-company, which is not in the catalog/,
    );
  });
});

describe('signing out of the wecom auth provider', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeAll(async () => {
    backend = await startBackend({});
  });
  afterAll(() => backend.stop());

  it('forgets the WeCom identity: refresh no longer signs the browser back in', async () => {
    // A browser (cookie jar) that signed in from the WeCom workspace.
    const browser = request.agent(backend.server);
    await browser.get('/api/wecom/test-sign-in/ZhangSan').expect(200);
    const signedIn = await browser.get('/api/auth/wecom/refresh');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/zhangsan',
    );

    const signOut = await browser
      .post('/api/auth/wecom/logout')
      .set('X-Requested-With', 'XMLHttpRequest');
    expect(signOut.status).toBe(200);

    const again = await browser.get('/api/auth/wecom/refresh');
    expect(again.status).toBe(401);
    expect(again.body.error.message).toMatch(/No WeCom sign-in found/);
  });

  it('refuses a cross-site sign-out form (no X-Requested-With) and keeps the identity', async () => {
    const browser = request.agent(backend.server);
    await browser.get('/api/wecom/test-sign-in/ZhangSan').expect(200);
    const forged = await browser.post('/api/auth/wecom/logout');
    expect(forged.status).toBe(401);
    expect(forged.headers['set-cookie']).toBeUndefined();
    expect((await browser.get('/api/auth/wecom/refresh')).status).toBe(200);
  });
});

describe('configuring the wecom auth provider', () => {
  it('offers the linkedWeComMember resolver by name', async () => {
    const backend = await startBackend({
      wecomProvider: {
        signIn: { resolvers: [{ resolver: 'linkedWeComMember' }] },
      },
    });
    try {
      const res = await backend.refresh(identityCookie('ZhangSan'));
      expect(res.status).toBe(200);
      expect(res.body.backstageIdentity.identity.userEntityRef).toBe(
        'user:default/zhangsan',
      );
    } finally {
      await backend.stop();
    }
  });

  it('does not start without wecom.secretsKey', async () => {
    await expect(startBackend({ withoutSecretsKey: true })).rejects.toThrow(
      /auth\.providers\.wecom needs wecom\.secretsKey/,
    );
  });
});
