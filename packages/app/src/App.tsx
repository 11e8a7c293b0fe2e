import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogImportPlugin from '@backstage/plugin-catalog-import/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import wecomPlugin from 'backstage-plugin-wecom';
import { wecomSignInModule } from 'backstage-plugin-wecom/alpha';

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
    orgPlugin,
    scaffolderPlugin,
    userSettingsPlugin,
    wecomPlugin,
    wecomSignInModule,
  ],
});
