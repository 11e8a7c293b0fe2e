import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogServiceRequestOptions } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/**
 * An in-memory catalog whose permission policy hides some entities from
 * some users, as a real catalog's policy would: `hiddenFrom` maps a user's
 * ref to the refs they cannot see. Services (the plugin itself) see all.
 */
export function hidingCatalog(
  entities: Entity[],
  hiddenFrom: Record<string, string[]>,
) {
  const catalog = catalogServiceMock({ entities });
  const userOf = (options: unknown) => {
    const { credentials } = (options ?? {}) as CatalogServiceRequestOptions;
    return (credentials as BackstageCredentials<{ userEntityRef?: string }>)
      ?.principal?.userEntityRef;
  };
  const hides = (options: unknown, entity: Entity) =>
    (hiddenFrom[userOf(options) ?? ''] ?? []).includes(
      stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    );
  const getEntitiesByRefs = catalog.getEntitiesByRefs.bind(catalog);
  catalog.getEntitiesByRefs = async (request, options) => {
    const { items } = await getEntitiesByRefs(request, options);
    return {
      items: items.map(entity =>
        entity && hides(options, entity) ? undefined : entity,
      ),
    };
  };
  const getEntities = catalog.getEntities.bind(catalog);
  catalog.getEntities = async (request, options) => {
    const { items } = await getEntities(request, options);
    return { items: items.filter(entity => !hides(options, entity)) };
  };
  return catalog;
}
