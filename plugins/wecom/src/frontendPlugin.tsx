import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import ForumIcon from '@material-ui/icons/Forum';
import { wecomApiFactory } from './api';
import { catalogEntityRouteRef, rootRouteRef } from './routes';

// Lives in a .tsx file of its own because the package's `./alpha` entry is a
// plain .ts file and the extensions below need JSX.

const wecomApi = ApiBlueprint.make({
  params: defineParams => defineParams(wecomApiFactory),
});

// Since @backstage/frontend-plugin-api 0.17 the nav item comes from the
// page's `title` and `icon` (NavItemBlueprint was removed).
const wecomPage = PageBlueprint.make({
  params: {
    path: '/wecom',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    title: 'WeCom',
    icon: <ForumIcon fontSize="inherit" />,
    // WeComPage brings its own header, shared with the legacy system.
    noHeader: true,
    loader: () =>
      import('./components/WeComPage').then(m =>
        compatWrapper(<m.WeComPage />),
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
      import('./components/WorkspaceLinkPage').then(m =>
        compatWrapper(<m.WorkspaceLinkPage />),
      ),
  },
});

/**
 * The WeCom plugin for the new frontend system: the WeCom API, the admin page
 * at `/wecom` and its nav item, and the page where the WeCom workspace login
 * lands (`/wecom/workspace`, not in the nav).
 *
 * @public
 */
export const wecomFrontendPlugin = createFrontendPlugin({
  pluginId: 'wecom',
  title: 'WeCom',
  icon: <ForumIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  extensions: [wecomApi, wecomPage, workspaceLinkPage],
  routes: {
    root: convertLegacyRouteRef(rootRouteRef),
  },
  externalRoutes: {
    catalogEntity: convertLegacyRouteRef(catalogEntityRouteRef),
  },
});
