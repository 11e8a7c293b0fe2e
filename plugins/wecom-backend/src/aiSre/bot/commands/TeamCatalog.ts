import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { Entity, RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  REF_FIELDS,
  normaliseRef,
  ownerRefs,
  readEntitiesByRefs,
  relationTargets,
} from '../../../catalog/catalogEntities';

/**
 * The catalog facts the commands need: a user's teams, who owns entities,
 * whether an entity exists. Teams and owners are read with the plugin's own
 * credentials (they only pick incidents the asker may see anyway); whether
 * an entity exists is asked as the asker, so the catalog's own permission
 * policy decides what they learn. Refs come back lower-case, as the
 * incidents store them.
 */
export class TeamCatalog {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  /** The user's groups (`memberOf`, else `spec.memberOf`). */
  async groupsOf(userRef: string): Promise<string[]> {
    const [user] = await this.byRefs(
      [userRef],
      [...REF_FIELDS, 'spec.memberOf', 'relations'],
    );
    if (!user) return [];
    const related = relationTargets(user, RELATION_MEMBER_OF);
    if (related.length > 0) return related;
    // An entity the catalog has not processed yet has no relations.
    const declared = user.spec?.memberOf;
    return Array.isArray(declared)
      ? declared.flatMap(ref => normaliseRef(String(ref), 'group') ?? [])
      : [];
  }

  /** Owners (`ownedBy`, else `spec.owner`) per entity ref, for known entities. */
  async ownersOf(entityRefs: string[]): Promise<Map<string, string[]>> {
    const refs = [
      ...new Set(entityRefs.map(ref => ref.toLocaleLowerCase('en-US'))),
    ];
    const entities = await this.byRefs(refs, [
      ...REF_FIELDS,
      'spec.owner',
      'relations',
    ]);
    const owners = new Map<string, string[]>();
    entities.forEach((entity, index) => {
      if (entity) owners.set(refs[index], ownerRefs(entity));
    });
    return owners;
  }

  /** Whether the catalog holds the entity and shows it to `credentials`. */
  async exists(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: [entityRef], fields: REF_FIELDS },
      { credentials },
    );
    return Boolean(items[0]);
  }

  private byRefs(
    entityRefs: string[],
    fields: string[],
  ): Promise<Array<Entity | undefined>> {
    return readEntitiesByRefs(this.catalog, this.auth, entityRefs, fields);
  }
}
