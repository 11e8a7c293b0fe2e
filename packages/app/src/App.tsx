import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogImportPlugin from '@backstage/plugin-catalog-import/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import wecomPlugin from 'backstage-plugin-wecom';

// Sign-in: the app plugin's default sign-in page offers the guest provider,
// which the backend enables (auth.providers.guest). Pages come with their
// own nav items, listed by the default sidebar.
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
  ],
});
