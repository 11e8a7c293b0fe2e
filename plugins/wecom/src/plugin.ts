import { createCardExtension } from '@backstage/plugin-home-react';
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

/**
 * "WeCom on-call & incidents" for the legacy frontend system, on a
 * component's or a group's entity page: the entity's open incidents (with
 * their War Rooms), who is on call now and next with a "Message on WeCom"
 * link, and "Create incident" for users with `wecom.incident.create`, e.g.
 * `<Grid item md={6}><EntityWeComOnCallCard /></Grid>`.
 *
 * @public
 */
export const EntityWeComOnCallCard = wecomPlugin.provide(
  createComponentExtension({
    name: 'EntityWeComOnCallCard',
    component: {
      lazy: () =>
        import('./components/entityCards/EntityOnCallCard').then(
          m => m.EntityOnCallCard,
        ),
    },
  }),
);

/**
 * "My open incidents" for a legacy app's home page (plugin-home): the
 * triggered and processing incidents the signed-in user responds to, e.g.
 * in `<CustomHomepageGrid>` or a `<Grid item>`: `<HomePageWeComMyIncidents />`.
 *
 * @public
 */
export const HomePageWeComMyIncidents = wecomPlugin.provide(
  createCardExtension<{}>({
    name: 'HomePageWeComMyIncidents',
    title: 'My open incidents',
    description: 'WeCom incidents you respond to that are not resolved yet.',
    components: () => import('./components/home/MyIncidentsCard'),
  }),
);

/**
 * "My next on-call shifts" for a legacy app's home page (plugin-home): the
 * signed-in user's shifts in every schedule over the next 30 days.
 *
 * @public
 */
export const HomePageWeComMyShifts = wecomPlugin.provide(
  createCardExtension<{}>({
    name: 'HomePageWeComMyShifts',
    title: 'My next on-call shifts',
    description: 'Your on-call shifts in every WeCom schedule, soonest first.',
    components: () => import('./components/home/MyShiftsCard'),
  }),
);
