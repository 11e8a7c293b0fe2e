import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { REF_FIELDS, readEntitiesByRefs } from '../catalog/catalogEntities';

/**
 * Which of these users the catalog no longer has: someone who left the
 * company drops out of the catalog while schedules and links still name
 * them. One batch read with the plugin's own credentials.
 */
export function catalogMissingUsers(
  catalog: CatalogService,
  auth: AuthService,
): (userEntityRefs: string[]) => Promise<Set<string>> {
  return async userEntityRefs => {
    const found = await readEntitiesByRefs(
      catalog,
      auth,
      userEntityRefs,
      REF_FIELDS,
    );
    return new Set(userEntityRefs.filter((_, index) => !found[index]));
  };
}
