import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
  ExternalRouteRef,
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
 * The incident list, `/wecom/incidents`. A sub route of the WeCom page so
 * that it resolves in both frontend systems: the legacy page serves it
 * below `/wecom`, the new system has a page of its own at that path.
 *
 * @public
 */
export const incidentListRouteRef = createSubRouteRef({
  id: 'wecom-incident-list',
  parent: rootRouteRef,
  path: '/incidents',
});

/**
 * One incident, `/wecom/incidents/:incidentId`: where the WeCom card's
 * click-through leads.
 *
 * @public
 */
export const incidentRouteRef = createSubRouteRef({
  id: 'wecom-incident',
  parent: rootRouteRef,
  path: '/incidents/:incidentId',
});

/**
 * The new frontend system's Incidents page; having a route ref, a title and
 * an icon gives it its own nav item.
 *
 * @public
 */
export const incidentsPageRouteRef = createRouteRef({ id: 'wecom-incidents' });

/**
 * The catalog's entity page, where the Linked Users table links each user.
 * Optional: the new frontend system binds it to the catalog plugin by
 * default; a legacy app may bind it to `catalogPlugin.routes.catalogEntity`,
 * and without a binding the table links to the catalog's default path.
 *
 * @public
 */
// Typed out: the inferred params type lists its keys in whatever order the
// compiler met them, which made the API report change from run to run.
export const catalogEntityRouteRef: ExternalRouteRef<
  { namespace: string; kind: string; name: string },
  true
> = createExternalRouteRef({
  id: 'wecom-catalog-entity',
  params: ['namespace', 'kind', 'name'],
  optional: true,
  defaultTarget: 'catalog.catalogEntity',
});
