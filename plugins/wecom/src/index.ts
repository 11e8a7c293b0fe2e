/**
 * The WeCom incident integration for Backstage: the admin page with the
 * integrations and their setup.
 *
 * The default export is the plugin for the new frontend system; the named
 * exports serve apps on the legacy system.
 *
 * @packageDocumentation
 */
export { default } from './alpha';
export {
  wecomPlugin,
  WeComPage,
  EntityWeComWarRoomsCard,
  EntityWeComOnCallCard,
  HomePageWeComMyIncidents,
  HomePageWeComMyShifts,
} from './plugin';
export { WeComSignInPage } from './components/workspace/WeComSignInPage';
export type { WeComSignInPageProps } from './components/workspace/WeComSignInPage';
export { rootRouteRef, incidentListRouteRef, incidentRouteRef } from './routes';
export {
  wecomApiRef,
  WeComClient,
  wecomOnCallApiRef,
  wecomOnCallApiFactory,
} from './api';
export type { WeComApi, WeComOnCallApi } from './api';
