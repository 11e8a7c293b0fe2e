import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { rootRouteRef } from '../routes';

/**
 * `mountedRoutes` for `renderInTestApp`: the WeCom page at `/wecom`, so the
 * incident pages can resolve their links below it.
 */
export const wecomMountedRoutes = {
  '/wecom': convertLegacyRouteRef(rootRouteRef),
};
