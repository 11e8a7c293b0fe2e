import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { REF_FIELDS } from './catalogEntities';

/**
 * Which of some entity refs the catalog shows a caller, read with the
 * caller's own credentials: the catalog's permission policy decides, so the
 * plugin never answers with what the catalog would hide from them.
 */
export type CatalogVisibility = (
  entityRefs: string[],
  credentials: BackstageCredentials,
) => Promise<Set<string>>;

/** Visibility over the catalog: the refs seen, lower-cased. */
export function catalogVisibility(catalog: CatalogService): CatalogVisibility {
  return async (entityRefs, credentials) => {
    const unique = [
      ...new Set(entityRefs.map(ref => ref.toLocaleLowerCase('en-US'))),
    ];
    if (unique.length === 0) return new Set();
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: unique, fields: REF_FIELDS },
      { credentials },
    );
    return new Set(unique.filter((_ref, index) => Boolean(items[index])));
  };
}

/** The items whose owner the caller can see, in their order. */
export async function ownedByVisible<T extends { ownerRef: string }>(
  visibility: CatalogVisibility,
  items: T[],
  credentials: BackstageCredentials,
): Promise<T[]> {
  const seen = await visibility(
    items.map(item => item.ownerRef),
    credentials,
  );
  return items.filter(item =>
    seen.has(item.ownerRef.toLocaleLowerCase('en-US')),
  );
}
