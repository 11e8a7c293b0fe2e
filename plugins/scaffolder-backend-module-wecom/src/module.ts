import { createBackendModule } from '@backstage/backend-plugin-api';

/**
 * The scaffolder module of the WeCom incident integration. Its action,
 * `wecom:war-room:create`, arrives with the War Room feature; until then
 * the module registers nothing and is not installed in the demo backend.
 *
 * @public
 */
export const scaffolderModuleWeCom = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'wecom',
  register(env) {
    env.registerInit({
      deps: {},
      async init() {},
    });
  },
});
