import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The WeCom admin page. Made with `@backstage/core-plugin-api` so the legacy
 * plugin can mount it; the new plugin passes it through
 * `convertLegacyRouteRef`.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'wecom' });
