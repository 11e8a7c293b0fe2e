import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { wecomApiFactory, wecomOnCallApiFactory } from './api';
import {
  catalogEntityRouteRef,
  incidentListRouteRef,
  incidentRouteRef,
  rootRouteRef,
} from './routes';

/**
 * The WeCom plugin for apps on the legacy frontend system. Apps on the new
 * frontend system install the package's default export instead.
 *
 * @public
 */
export const wecomPlugin = createPlugin({
  id: 'wecom',
  apis: [wecomApiFactory, wecomOnCallApiFactory],
  routes: {
    root: rootRouteRef,
    incidentList: incidentListRouteRef,
    incident: incidentRouteRef,
  },
  externalRoutes: {
    catalogEntity: catalogEntityRouteRef,
  },
});

/**
 * The WeCom admin page (integrations and their setup) for the legacy
 * frontend system, e.g. `<Route path="/wecom" element={<WeComPage />} />`.
 * It also serves `/wecom/workspace`, where the WeCom workspace login lands,
 * and the incident pages at `/wecom/incidents`.
 *
 * @public
 */
export const WeComPage = wecomPlugin.provide(
  createRoutableExtension({
    name: 'WeComPage',
    component: () =>
      import('./components/page/WeComRouter').then(m => m.WeComRouter),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The War Rooms of the current entity's incidents, for a component's entity
 * page in the legacy frontend system, e.g. in the overview's grid:
 * `<Grid item md={6}><EntityWeComWarRoomsCard /></Grid>`.
 *
 * @public
 */
export const EntityWeComWarRoomsCard = wecomPlugin.provide(
  createComponentExtension({
    name: 'EntityWeComWarRoomsCard',
    component: {
      lazy: () =>
        import('./components/warRooms/EntityWarRoomsCard').then(
          m => m.EntityWarRoomsCard,
        ),
    },
  }),
);
