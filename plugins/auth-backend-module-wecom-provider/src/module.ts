import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { WeComWorkspaceIdentitySigner } from 'backstage-plugin-wecom-node';
import { createWeComWorkspaceAuthenticator } from './authenticator';
import { LinkedMemberLookup } from './LinkedMemberLookup';
import { createIdentityCookieLogout } from './logout';
import { createLinkedWeComMemberResolverFactory } from './resolvers';

/**
 * The `wecom` auth provider: passwordless sign-in for WeCom members who
 * opened the app's homepage in WeCom and are linked to a Backstage user.
 * Enable it with `auth.providers.wecom: {}`.
 *
 * @public
 */
export const authModuleWeComProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'wecom-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ providers, config, discovery, auth }) {
        const linkedWeComMember = createLinkedWeComMemberResolverFactory(
          new LinkedMemberLookup({ discovery, auth }),
        );
        providers.registerProvider({
          providerId: 'wecom',
          // Runs only when auth.providers.wecom is configured.
          factory: ctx => {
            const secretsKey = config.getOptionalString('wecom.secretsKey');
            if (!secretsKey) {
              throw new Error(
                'auth.providers.wecom needs wecom.secretsKey (the same value the WeCom backend uses) to verify WeCom sign-ins',
              );
            }
            const handlers = createProxyAuthProviderFactory({
              authenticator: createWeComWorkspaceAuthenticator({
                signer: WeComWorkspaceIdentitySigner.fromSecretsKey(secretsKey),
              }),
              // Linked members sign in unless signIn.resolvers says otherwise.
              signInResolver: ctx.config.has('signIn')
                ? undefined
                : linkedWeComMember(),
              signInResolverFactories: { linkedWeComMember },
            })(ctx);
            // The proxy handlers have no logout; signing out must forget
            // the identity cookie (see WeComSignInPage).
            return {
              ...handlers,
              logout: createIdentityCookieLogout({
                baseUrl: ctx.baseUrl,
                isOriginAllowed: ctx.isOriginAllowed,
              }),
            };
          },
        });
      },
    });
  },
});
