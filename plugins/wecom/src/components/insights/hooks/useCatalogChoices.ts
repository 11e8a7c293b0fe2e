import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { WeComAnalyticsGroupBy } from 'backstage-plugin-wecom-common';
import useAsync from 'react-use/esm/useAsync';

/** A team or service to pick: its ref and the name people know it by. */
export interface CatalogChoice {
  ref: string;
  label: string;
}

const KIND: Record<WeComAnalyticsGroupBy, string> = {
  team: 'Group',
  service: 'Component',
};

/** The catalog's groups (teams) or components (services), by name. */
export function useCatalogChoices(groupBy: WeComAnalyticsGroupBy) {
  const catalog = useApi(catalogApiRef);
  return useAsync(async (): Promise<CatalogChoice[]> => {
    const { items } = await catalog.getEntities({
      filter: { kind: KIND[groupBy] },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return items
      .map(entity => ({
        ref: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
        label: entity.metadata.title ?? entity.metadata.name,
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [catalog, groupBy]);
}
