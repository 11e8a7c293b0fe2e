import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { RiAlarmWarningLine, RiDiscussLine } from '@remixicon/react';
import { wecomApiFactory, wecomOnCallApiFactory } from './api';
import {
  catalogEntityRouteRef,
  incidentListRouteRef,
  incidentRouteRef,
  incidentsPageRouteRef,
  rootRouteRef,
} from './routes';

// Lives in a .tsx file of its own because the package's `./alpha` entry is a
// plain .ts file and the extensions below need JSX.

const wecomApi = ApiBlueprint.make({
  params: defineParams => defineParams(wecomApiFactory),
});

const wecomOnCallApi = ApiBlueprint.make({
  name: 'oncall',
  params: defineParams => defineParams(wecomOnCallApiFactory),
});

// Since @backstage/frontend-plugin-api 0.17 the nav item comes from the
// page's `title` and `icon` (NavItemBlueprint was removed).
const wecomPage = PageBlueprint.make({
  params: {
    path: '/wecom',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    title: 'WeCom',
    icon: <RiDiscussLine />,
    // WeComPage brings its own header, shared with the legacy system.
    noHeader: true,
    loader: () =>
      import('./components/page/WeComPage').then(m =>
        compatWrapper(<m.WeComPage />),
      ),
  },
});

// The incident pages are a page of their own rather than a tab of the WeCom
// page: everyone on call uses them while the WeCom page is for admins, the
// card's click-through needs a deep link per incident, and a nav item of
// their own keeps them one click away.
const incidentsPage = PageBlueprint.make({
  name: 'incidents',
  params: {
    path: '/wecom/incidents',
    routeRef: convertLegacyRouteRef(incidentsPageRouteRef),
    title: 'Incidents',
    icon: <RiAlarmWarningLine />,
    noHeader: true,
    loader: () =>
      import('./components/incidents/IncidentsRouter').then(m =>
        compatWrapper(<m.IncidentsRouter />),
      ),
  },
});

// Where the WeCom workspace login lands. The app's nav lists every page that
// has a route ref, titled and iconed after the plugin when the page has
// neither: leaving all three out keeps this page out of the nav.
const workspaceLinkPage = PageBlueprint.make({
  name: 'workspace',
  params: {
    path: '/wecom/workspace',
    noHeader: true,
    loader: () =>
      import('./components/workspace/WorkspaceLinkPage').then(m =>
        compatWrapper(<m.WorkspaceLinkPage />),
      ),
  },
});

// The War Rooms of a component's incidents on its overview; the entity page
// provides the entity that the card reads with useEntity.
const entityWarRoomsCard = EntityCardBlueprint.make({
  name: 'war-rooms',
  params: {
    filter: { kind: 'component' },
    loader: () =>
      import('./components/warRooms/EntityWarRoomsCard').then(m =>
        compatWrapper(<m.EntityWarRoomsCard />),
      ),
  },
});

// Incidents and on-call of a component or a group (a team's own incidents
// and schedules), with the WeCom link to whoever is on call.
const entityOnCallCard = EntityCardBlueprint.make({
  name: 'oncall',
  params: {
    filter: { kind: { $in: ['component', 'group'] } },
    loader: () =>
      import('./components/entityCards/EntityOnCallCard').then(m =>
        compatWrapper(<m.EntityOnCallCard />),
      ),
  },
});

// Home page widgets (plugin-home's page:home collects them); the names are
// what `defaultConfig` of page:home refers to.
const myIncidentsWidget = HomePageWidgetBlueprint.make({
  name: 'my-incidents',
  params: {
    name: 'WeComMyIncidents',
    title: 'My open incidents',
    description: 'WeCom incidents you respond to that are not resolved yet.',
    components: () => import('./components/home/MyIncidentsCard'),
  },
});

const myShiftsWidget = HomePageWidgetBlueprint.make({
  name: 'my-shifts',
  params: {
    name: 'WeComMyShifts',
    title: 'My next on-call shifts',
    description: 'Your on-call shifts in every WeCom schedule, soonest first.',
    components: () => import('./components/home/MyShiftsCard'),
  },
});

/**
 * The WeCom plugin for the new frontend system: the WeCom API, the admin page
 * at `/wecom` and the incident pages at `/wecom/incidents` with their nav
 * items, the page where the WeCom workspace login lands
 * (`/wecom/workspace`, not in the nav), a War Rooms card for components'
 * entity pages, the "WeCom on-call & incidents" card for components and
 * groups, and the homepage widgets "My open incidents" and "My next on-call
 * shifts".
 *
 * @public
 */
export const wecomFrontendPlugin = createFrontendPlugin({
  pluginId: 'wecom',
  title: 'WeCom',
  icon: <RiDiscussLine />,
  info: { packageJson: () => import('../package.json') },
  extensions: [
    wecomApi,
    wecomOnCallApi,
    wecomPage,
    incidentsPage,
    workspaceLinkPage,
    entityWarRoomsCard,
    entityOnCallCard,
    myIncidentsWidget,
    myShiftsWidget,
  ],
  routes: {
    root: convertLegacyRouteRef(rootRouteRef),
    incidents: convertLegacyRouteRef(incidentsPageRouteRef),
    incidentList: convertLegacyRouteRef(incidentListRouteRef),
    incident: convertLegacyRouteRef(incidentRouteRef),
  },
  externalRoutes: {
    catalogEntity: convertLegacyRouteRef(catalogEntityRouteRef),
  },
});
