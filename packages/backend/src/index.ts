/*
 * The Backstage backend of this repository: the usual core plugins plus the
 * WeCom incident integration and its scaffolder module.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Auth: guest sign-in for local development.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Passwordless sign-in for members who open the app from the WeCom workspace.
backend.add(import('backstage-plugin-auth-backend-module-wecom-provider'));

// Catalog: team members (User), teams (Group) and services (Component).
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// Permissions: allow-all for local development; policies: docs/installation.md.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// Scaffolder, with the wecom:war-room:create action.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('backstage-plugin-scaffolder-backend-module-wecom'));

// Actions for AI agents over MCP.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// The WeCom incident integration.
backend.add(import('backstage-plugin-wecom-backend'));

backend.start();
