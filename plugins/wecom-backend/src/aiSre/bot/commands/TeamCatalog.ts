import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

const REF_FIELDS = ['kind', 'metadata.name', 'metadata.namespace'];

/**
 * The catalog facts the commands need: a user's teams, who owns entities,
 * whether an entity exists. Read with the plugin's own credentials (a chat
 * message carries no Backstage token). Refs come back lower-case, as the
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
    const related = targets(user, RELATION_MEMBER_OF);
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
      if (!entity) return;
      let found = targets(entity, RELATION_OWNED_BY);
      const specOwner = entity.spec?.owner;
      if (found.length === 0 && typeof specOwner === 'string') {
        const owner = normaliseRef(
          specOwner,
          'group',
          entity.metadata.namespace,
        );
        found = owner ? [owner] : [];
      }
      owners.set(refs[index], found);
    });
    return owners;
  }

  /** Whether the catalog holds the entity. */
  async exists(entityRef: string): Promise<boolean> {
    const [entity] = await this.byRefs([entityRef], REF_FIELDS);
    return Boolean(entity);
  }

  private async byRefs(
    entityRefs: string[],
    fields: string[],
  ): Promise<Array<Entity | undefined>> {
    if (entityRefs.length === 0) return [];
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs, fields },
      { credentials },
    );
    return items.map(item => item ?? undefined);
  }
}

/**
 * `payments-api` → `component:default/payments-api`; full refs are kept.
 * Lower-case; undefined when `raw` is not an entity ref.
 */
export function normaliseRef(
  raw: string,
  defaultKind: string,
  defaultNamespace = 'default',
): string | undefined {
  try {
    const ref = parseEntityRef(raw.trim(), { defaultKind, defaultNamespace });
    return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

function targets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(relation => relation.type === type)
    .map(relation => relation.targetRef.toLocaleLowerCase('en-US'));
}
