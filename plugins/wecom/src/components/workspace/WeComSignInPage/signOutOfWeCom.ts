import type { DiscoveryApi, IdentityApi } from '@backstage/core-plugin-api';

/**
 * Asks the `wecom` auth provider to forget the browser's workspace identity
 * cookie (`POST /api/auth/<provider>/logout`). Backstage's proxied identity
 * only stops refreshing on sign-out; without this the next visit's silent
 * `/refresh` would sign the browser straight back in.
 */
export async function signOutOfWeCom(
  discoveryApi: DiscoveryApi,
  provider: string,
): Promise<void> {
  try {
    const authBase = await discoveryApi.getBaseUrl('auth');
    await fetch(`${authBase}/${provider}/logout`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
  } catch {
    // Signing out goes on: the cookie lapses on its own (12 hours).
  }
}

/**
 * The identity as signed in, whose `signOut` also forgets the WeCom
 * identity — whichever provider signed the user in on this page, since the
 * cookie is there for any visitor who came through the WeCom workspace.
 */
export function withWeComSignOut(
  identity: IdentityApi,
  forgetWeCom: () => Promise<void>,
): IdentityApi {
  return new Proxy(identity, {
    get(target, property) {
      if (property === 'signOut') {
        return async () => {
          await forgetWeCom();
          await target.signOut();
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
