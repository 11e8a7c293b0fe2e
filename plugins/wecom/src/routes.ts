import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/**
 * The WeCom admin page. Made with `@backstage/core-plugin-api` so the legacy
 * plugin can mount it; the new plugin passes it through
 * `convertLegacyRouteRef`.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'wecom' });

/**
 * The catalog's entity page, where the Linked Users table links each user.
 * Optional: the new frontend system binds it to the catalog plugin by
 * default; a legacy app may bind it to `catalogPlugin.routes.catalogEntity`,
 * and without a binding the table links to the catalog's default path.
 *
 * @public
 */
export const catalogEntityRouteRef = createExternalRouteRef({
  id: 'wecom-catalog-entity',
  params: ['namespace', 'kind', 'name'],
  optional: true,
  defaultTarget: 'catalog.catalogEntity',
});
