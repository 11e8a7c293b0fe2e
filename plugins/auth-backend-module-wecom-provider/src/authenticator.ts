import { AuthenticationError } from '@backstage/errors';
import { createProxyAuthenticator } from '@backstage/plugin-auth-node';
import {
  WECOM_WORKSPACE_IDENTITY_COOKIE,
  WeComWorkspaceIdentitySigner,
} from 'backstage-plugin-wecom-node';
import { parse as parseCookies } from 'cookie';

/**
 * Who the `wecom` provider authenticated: a WeCom member of an integration,
 * as WeCom's OAuth2 confirmed them when they opened the app's homepage.
 *
 * @public
 */
export interface WeComWorkspaceSignInResult {
  integrationId: string;
  wecomUserId: string;
}

/**
 * A proxy authenticator that reads the workspace identity cookie the WeCom
 * backend sets after WeCom's OAuth2 (path-scoped to this provider's routes)
 * and verifies its signature and expiry.
 *
 * @public
 */
export function createWeComWorkspaceAuthenticator(options: {
  signer: WeComWorkspaceIdentitySigner;
}) {
  return createProxyAuthenticator<void, WeComWorkspaceSignInResult, undefined>({
    defaultProfileTransform: async () => ({ profile: {} }),
    initialize() {},
    async authenticate({ req }) {
      const token = parseCookies(req.headers.cookie ?? '')[
        WECOM_WORKSPACE_IDENTITY_COOKIE
      ];
      if (!token) {
        throw new AuthenticationError(
          'No WeCom sign-in found: open Backstage from the app in the WeCom workspace (工作台) to sign in with WeCom',
        );
      }
      const check = options.signer.verify(token);
      if (!check.ok) {
        throw new AuthenticationError(
          `Cannot sign in with WeCom: ${check.reason}. Open Backstage from the app in the WeCom workspace again`,
        );
      }
      const { integrationId, wecomUserId } = check.identity;
      return { result: { integrationId, wecomUserId } };
    },
  });
}
