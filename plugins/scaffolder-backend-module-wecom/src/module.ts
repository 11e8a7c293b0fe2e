import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createWarRoomAction } from './actions/warRoom';

/**
 * The scaffolder module of the WeCom incident integration: adds the
 * `wecom:war-room:create` action, which opens an incident's WeCom group
 * chat through the WeCom backend on behalf of the user running the template.
 *
 * @public
 */
export const scaffolderModuleWeCom = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'wecom',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, discovery, auth, config }) {
        scaffolder.addActions(createWarRoomAction({ discovery, auth, config }));
      },
    });
  },
});
