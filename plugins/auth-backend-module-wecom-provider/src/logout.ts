import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import { AuthProviderRouteHandlers } from '@backstage/plugin-auth-node';
import { WECOM_WORKSPACE_IDENTITY_COOKIE } from 'backstage-plugin-wecom-node';

/**
 * `POST /api/auth/wecom/logout`: forgets the workspace identity cookie, or
 * the next `/refresh` would sign the browser straight back in for the rest
 * of the cookie's 12 hours. The auth backend mounts this route because the
 * provider has a `logout` handler.
 *
 * Like Backstage's OAuth providers it wants `X-Requested-With` and an
 * allowed origin, so another site cannot sign the user out with a form.
 */
export function createIdentityCookieLogout(options: {
  /** The auth backend's external base URL, e.g. `https://bs/api/auth`. */
  baseUrl: string;
  isOriginAllowed: (origin: string) => boolean;
}): NonNullable<AuthProviderRouteHandlers['logout']> {
  const base = new URL(options.baseUrl);
  // Where the WeCom backend set the cookie: this provider's routes only.
  const path = `${base.pathname.replace(/\/+$/, '')}/wecom`;
  return async (req, res) => {
    if (req.header('X-Requested-With') !== 'XMLHttpRequest') {
      throw new AuthenticationError('Invalid X-Requested-With header');
    }
    const origin = req.get('origin');
    if (origin && !options.isOriginAllowed(origin)) {
      throw new NotAllowedError(`Origin '${origin}' is not allowed`);
    }
    res.clearCookie(WECOM_WORKSPACE_IDENTITY_COOKIE, {
      path,
      httpOnly: true,
      sameSite: 'lax',
      secure: base.protocol === 'https:',
    });
    res.status(200).end();
  };
}
