import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { BasicPermission } from '@backstage/plugin-permission-common';

/** A WeCom member of one integration: who sent a callback or a bot message. */
export interface WeComMember {
  integrationId: string;
  wecomUserId: string;
}

/** A linked member's Backstage user, with credentials to act as them. */
export interface ActingUser {
  entityRef: string;
  /**
   * The user's own credentials when the permission framework is on; the
   * plugin's service credentials when it is off (every decision is ALLOW
   * then, as it is for the routes).
   */
  credentials: BackstageCredentials;
}

/** Who a WeCom member is in Backstage. */
export type MemberIdentity =
  | { kind: 'user'; user: ActingUser }
  | { kind: 'unlinked' }
  /**
   * Linked, but Backstage cannot act as the user (the `wecom` sign-in
   * provider is missing, the catalog user is gone, …): with the permission
   * framework on, nothing may be decided for them.
   */
  | { kind: 'unavailable'; entityRef: string; reason: string };

/**
 * Acts as the Backstage user a WeCom member is linked to. WeCom callbacks
 * and bot messages carry no Backstage token, yet what they do must be
 * decided like a route decides it: by the permission policy, for that user.
 */
export interface LinkedUserAccess {
  /**
   * The member's linked user and their credentials, looked up anew on every
   * call (an unlink takes effect at once). Throws only on a failure worth a
   * retry (the auth backend is down); configuration problems answer
   * `unavailable`.
   */
  credentialsOf(member: WeComMember): Promise<MemberIdentity>;
  /** The permission policy's decision for the user, as a route asks it. */
  isAllowed(user: ActingUser, permission: BasicPermission): Promise<boolean>;
}

/** The outcome of {@link authorizeMember}. */
export type MemberDecision =
  | { allowed: true; user: ActingUser }
  | {
      allowed: false;
      why: 'unlinked' | 'denied' | 'unavailable';
      entityRef?: string;
    };

/** Whether the member's linked user holds `permission`. */
export async function authorizeMember(
  access: LinkedUserAccess,
  member: WeComMember | MemberIdentity,
  permission: BasicPermission,
): Promise<MemberDecision> {
  const identity =
    'kind' in member ? member : await access.credentialsOf(member);
  return decide(access, identity, permission);
}

async function decide(
  access: LinkedUserAccess,
  identity: MemberIdentity,
  permission: BasicPermission,
): Promise<MemberDecision> {
  switch (identity.kind) {
    case 'unlinked':
      return { allowed: false, why: 'unlinked' };
    case 'unavailable':
      return {
        allowed: false,
        why: 'unavailable',
        entityRef: identity.entityRef,
      };
    default:
      return (await access.isAllowed(identity.user, permission))
        ? { allowed: true, user: identity.user }
        : { allowed: false, why: 'denied', entityRef: identity.user.entityRef };
  }
}
