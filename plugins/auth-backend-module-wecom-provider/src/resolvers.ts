import { AuthenticationError, isError } from '@backstage/errors';
import {
  SignInResolver,
  createSignInResolverFactory,
} from '@backstage/plugin-auth-node';
import { WeComWorkspaceSignInResult } from './authenticator';
import { LinkedMemberLookup } from './LinkedMemberLookup';

/**
 * Signs a WeCom member in as the catalog user they are linked to (linked by
 * an admin, One-Click Link, or their own first visit from WeCom).
 */
export function createLinkedWeComMemberResolver(
  lookup: LinkedMemberLookup,
): SignInResolver<WeComWorkspaceSignInResult> {
  return async ({ result }, ctx) => {
    const entityRef = await lookup.entityRefOf(result);
    if (!entityRef) {
      throw new AuthenticationError(
        `Your WeCom account (${result.wecomUserId}) is not linked to a Backstage user yet. Sign in another way once, then open the app from the WeCom workspace again: Backstage links your account and signs you in with WeCom from then on`,
      );
    }
    try {
      return await ctx.signInWithCatalogUser({ entityRef });
    } catch (error) {
      // By name, as Backstage's own auth code does: the error comes from the
      // auth-node package's copy of @backstage/errors, not necessarily ours.
      if (isError(error) && error.name === 'NotFoundError') {
        throw new AuthenticationError(
          `Your WeCom account (${result.wecomUserId}) is linked to ${entityRef}, which is not in the catalog; ask a Backstage admin to fix the link`,
        );
      }
      throw error;
    }
  };
}

/**
 * The `linkedWeComMember` sign-in resolver by name, for
 * `auth.providers.wecom.signIn.resolvers`.
 */
export function createLinkedWeComMemberResolverFactory(
  lookup: LinkedMemberLookup,
) {
  return createSignInResolverFactory({
    create: () => createLinkedWeComMemberResolver(lookup),
  });
}
