import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { nameFrom, NameLookup } from '../onCallLabels';
import { refWithoutDefaultNamespace } from '../../shared/memberRefs';

/** A catalog entity to pick: its ref and what the picker shows. */
export interface CatalogOption {
  id: string;
  label: string;
}

function displayName(entity: Entity): string | undefined {
  const profile = (entity.spec as { profile?: { displayName?: string } })
    ?.profile;
  return profile?.displayName || entity.metadata.title;
}

function optionsOf(entities: Entity[]): CatalogOption[] {
  return entities
    .map(entity => {
      const id = stringifyEntityRef(entity);
      const name = displayName(entity);
      return {
        id,
        label: name
          ? `${name} (${refWithoutDefaultNamespace(id)})`
          : refWithoutDefaultNamespace(id),
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * The catalog's users and groups for the pickers, and their display names
 * for the timeline. Only the fields the pickers need are fetched.
 */
export function useCatalogPeople() {
  const catalogApi = useApi(catalogApiRef);
  const state = useAsync(async () => {
    const fields = [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.title',
      'spec.profile.displayName',
    ];
    const [users, groups] = await Promise.all([
      catalogApi.getEntities({ filter: { kind: 'User' }, fields }),
      catalogApi.getEntities({ filter: { kind: 'Group' }, fields }),
    ]);
    return { users: users.items, groups: groups.items };
  }, [catalogApi]);

  return useMemo(() => {
    const users = state.value?.users ?? [];
    const groups = state.value?.groups ?? [];
    const names = new Map<string, string>();
    for (const entity of [...users, ...groups]) {
      const name = displayName(entity);
      if (name) names.set(stringifyEntityRef(entity), name);
    }
    const nameOf: NameLookup = nameFrom(names);
    return {
      loading: state.loading,
      error: state.error,
      userOptions: optionsOf(users),
      groupOptions: optionsOf(groups),
      nameOf,
    };
  }, [state]);
}
