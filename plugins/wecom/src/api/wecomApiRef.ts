import { createApiRef } from '@backstage/core-plugin-api';
import type { WeComApi } from 'backstage-plugin-wecom-common';

/**
 * The reference to the {@link backstage-plugin-wecom-common#WeComApi},
 * shared by both frontend systems.
 *
 * @public
 */
export const wecomApiRef = createApiRef<WeComApi>({ id: 'plugin.wecom.api' });
