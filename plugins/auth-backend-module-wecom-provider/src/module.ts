import { createBackendModule } from '@backstage/backend-plugin-api';

/** Placeholder wiring; replaced by the provider implementation. */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'wecom-provider',
  register(reg) {
    reg.registerInit({ deps: {}, async init() {} });
  },
});
