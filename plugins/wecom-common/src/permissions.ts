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
 * Every permission of the WeCom plugin, for permission policies.
 *
 * @public
 */
export const wecomPermissions = [
  wecomIntegrationReadPermission,
  wecomIntegrationManagePermission,
];
