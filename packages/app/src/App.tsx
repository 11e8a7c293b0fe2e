import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogImportPlugin from '@backstage/plugin-catalog-import/alpha';
import homePlugin from '@backstage/plugin-home/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import wecomPlugin from 'backstage-plugin-wecom';
import { wecomSignInModule } from 'backstage-plugin-wecom/alpha';

// The home page at /home (plugin-home) collects home page widgets, among
// them WeCom's "My open incidents" and "My next on-call shifts"; their
// default places are in app-config.yaml (page:home). WeCom's entity cards
// (War Rooms; on-call & incidents) join the catalog's entity pages by
// themselves.
//
// Sign-in: wecomSignInModule replaces the app plugin's sign-in page. Opened
// from the WeCom workspace, a linked member is signed in through the auth
// backend's `wecom` proxy provider without a password; anyone else gets the
// guest provider, which the backend enables (auth.providers.guest). Pages
// come with their own nav items, listed by the default sidebar.
//
// @backstage/plugin-app-module-user-settings is left out: it stores settings
// through the user-settings backend and signals, and our backend has neither.
export default createApp({
  features: [
    catalogPlugin,
    catalogImportPlugin,
    homePlugin,
    orgPlugin,
    scaffolderPlugin,
    userSettingsPlugin,
    wecomPlugin,
    wecomSignInModule,
  ],
});
