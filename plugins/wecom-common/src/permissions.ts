import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read integrations (never their secrets).
 *
 * @public
 */
export const wecomIntegrationReadPermission = createPermission({
  name: 'wecom.integration.read',
  attributes: { action: 'read' },
});

/**
 * Create, change, delete and test integrations.
 *
 * @public
 */
export const wecomIntegrationManagePermission = createPermission({
  name: 'wecom.integration.manage',
  attributes: { action: 'update' },
});

/**
 * List catalog users with their WeCom links.
 *
 * @public
 */
export const wecomLinkedUsersReadPermission = createPermission({
  name: 'wecom.linkedUsers.read',
  attributes: { action: 'read' },
});

/**
 * Run One-Click Link, link and unlink users (an admin action). Linking
 * oneself from the WeCom workspace needs no permission: the member proves
 * who they are through WeCom's OAuth2.
 *
 * @public
 */
export const wecomLinkedUsersManagePermission = createPermission({
  name: 'wecom.linkedUsers.manage',
  attributes: { action: 'update' },
});

/**
 * Every permission of the WeCom plugin, for permission policies.
 *
 * @public
 */
export const wecomPermissions = [
  wecomIntegrationReadPermission,
  wecomIntegrationManagePermission,
  wecomLinkedUsersReadPermission,
  wecomLinkedUsersManagePermission,
];
