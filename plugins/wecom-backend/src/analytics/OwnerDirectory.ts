import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  REF_FIELDS,
  ownerRefs,
  readEntitiesByRefs,
} from '../catalog/catalogEntities';

/** The owner groups of entities, as the catalog knows them now. */
export interface OwnerDirectory {
  /** Each entity's owners (lower-case refs); none for an unknown entity. */
  ownersOf(entityRefs: string[]): Promise<Map<string, string[]>>;
}

/**
 * Reads owners from the catalog with the plugin's own credentials, one
 * batch per answer: incidents store their entity, not its owner, and a
 * team's figures follow the catalog's ownership of today.
 */
export class CatalogOwnerDirectory implements OwnerDirectory {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  async ownersOf(entityRefs: string[]): Promise<Map<string, string[]>> {
    const entities = await readEntitiesByRefs(
      this.catalog,
      this.auth,
      entityRefs,
      [...REF_FIELDS, 'spec.owner', 'relations'],
    );
    return new Map(
      entityRefs.map((ref, i) => {
        const entity = entities[i];
        return [ref, entity ? ownerRefs(entity) : []];
      }),
    );
  }
}
