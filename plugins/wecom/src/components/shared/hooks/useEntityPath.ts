import { useCallback } from 'react';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteParams } from '@backstage/plugin-catalog-react';
import { catalogEntityRouteRef } from '../../../routes';

/**
 * The path of a catalog entity's page: through the catalog's own route when
 * the app binds it (the new frontend system does so by default), else the
 * path the catalog uses unless configured otherwise.
 */
export function useEntityPath(): (entityRef: string) => string {
  const entityRoute = useRouteRef(catalogEntityRouteRef);
  return useCallback(
    (entityRef: string) => {
      const params = entityRouteParams(entityRef, { encodeParams: true });
      if (entityRoute) return entityRoute(params);
      return `/catalog/${params.namespace}/${params.kind}/${params.name}`;
    },
    [entityRoute],
  );
}
