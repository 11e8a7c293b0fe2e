import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { InputError } from '@backstage/errors';

/**
 * Checks that people and groups named in a schedule exist in the catalog,
 * as the caller sees it: someone cannot put on call a user they cannot see.
 */
export class CatalogRefChecker {
  constructor(private readonly catalog: CatalogService) {}

  /** Throws a 400 naming every ref the catalog does not hold. */
  async requireExisting(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<void> {
    const unique = [...new Set(refs)];
    if (unique.length === 0) return;
    const { items } = await this.catalog.getEntitiesByRefs(
      {
        entityRefs: unique,
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    const missing = unique.filter((_ref, i) => !items[i]);
    if (missing.length > 0) {
      throw new InputError(`Not in the catalog: ${missing.join(', ')}`);
    }
  }
}
