import { mockCredentials } from '@backstage/backend-test-utils';
import { BasicPermission } from '@backstage/plugin-permission-common';
import { LinkStore } from '../../linking/LinkStore';
import {
  ActingUser,
  LinkedUserAccess,
  MemberIdentity,
  WeComMember,
} from '../LinkedUserAccess';

/**
 * A {@link LinkedUserAccess} double: members are linked through `links`
 * (the real store or a double), users get mock credentials, and `policy`
 * decides (allow-all by default). Records every decision asked.
 */
export function fakeLinkedUserAccess(options: {
  links: Pick<LinkStore, 'findByMember'>;
  /** Whether the user holds the permission; allow-all by default. */
  policy?: (entityRef: string, permission: string) => boolean;
  /** Linked users Backstage cannot act as (no sign-in provider). */
  unavailable?: boolean;
}) {
  const checks: Array<{ entityRef: string; permission: string }> = [];
  const access: LinkedUserAccess & {
    checks: typeof checks;
    policy: (entityRef: string, permission: string) => boolean;
  } = {
    checks,
    policy: options.policy ?? (() => true),
    async credentialsOf(member: WeComMember): Promise<MemberIdentity> {
      const link = await options.links.findByMember(
        member.integrationId,
        member.wecomUserId,
      );
      if (!link) return { kind: 'unlinked' };
      if (options.unavailable) {
        return {
          kind: 'unavailable',
          entityRef: link.entityRef,
          reason: 'no wecom sign-in provider',
        };
      }
      const { entityRef } = link;
      return {
        kind: 'user',
        user: { entityRef, credentials: mockCredentials.user(entityRef) },
      };
    },
    async isAllowed(user: ActingUser, permission: BasicPermission) {
      checks.push({ entityRef: user.entityRef, permission: permission.name });
      return access.policy(user.entityRef, permission.name);
    },
  };
  return access;
}

/** A policy that denies everything. */
export const DENY_ALL = () => false;
