import { AuthService } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  KubernetesValidatorFunctions,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The fields that make up an entity's ref. */
export const REF_FIELDS = ['kind', 'metadata.name', 'metadata.namespace'];

/**
 * Entities by ref, in the order asked, undefined where the catalog has none.
 * Read with the plugin's own credentials: chat messages and notifications
 * carry no Backstage token to borrow.
 */
export async function readEntitiesByRefs(
  catalog: CatalogService,
  auth: AuthService,
  entityRefs: string[],
  fields: string[],
): Promise<Array<Entity | undefined>> {
  if (entityRefs.length === 0) return [];
  const credentials = await auth.getOwnServiceCredentials();
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs, fields },
    { credentials },
  );
  return items.map(item => item ?? undefined);
}

/** What {@link readEntityRef} made of a ref: its normal form, or why not. */
export type RefReading =
  | { ref: string; problem?: undefined }
  | { ref?: undefined; problem: 'notARef' | 'wrongKind' };

/**
 * The one reading of an entity ref for requests and config alike:
 * `payments-api` → `component:default/payments-api` (the default kind and
 * namespace filled in), lower-case as the catalog's relations write it, so
 * refs compare. Optionally only some kinds, and only names and namespaces
 * the catalog itself would accept (`a b`, `x:y` refused).
 */
export function readEntityRef(
  raw: string,
  options: {
    defaultKind?: string;
    defaultNamespace?: string;
    /** Lower-case kinds allowed; any kind when absent. */
    kinds?: string[];
    catalogNames?: boolean;
  } = {},
): RefReading {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(raw.trim(), {
      defaultKind: options.defaultKind,
      defaultNamespace: options.defaultNamespace ?? 'default',
    });
  } catch {
    return { problem: 'notARef' };
  }
  if (
    options.catalogNames &&
    !(
      KubernetesValidatorFunctions.isValidObjectName(ref.name) &&
      KubernetesValidatorFunctions.isValidNamespace(ref.namespace)
    )
  ) {
    return { problem: 'notARef' };
  }
  if (options.kinds && !options.kinds.includes(ref.kind.toLowerCase())) {
    return { problem: 'wrongKind' };
  }
  return { ref: stringifyEntityRef(ref).toLocaleLowerCase('en-US') };
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
  return readEntityRef(raw, { defaultKind, defaultNamespace }).ref;
}

/** The targets of the entity's relations of one type, lower-case. */
export function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(relation => relation.type === type)
    .map(relation => relation.targetRef.toLocaleLowerCase('en-US'));
}

/** Who owns the entity: `ownedBy` relations, else `spec.owner`; lower-case. */
export function ownerRefs(entity: Entity): string[] {
  const owners = relationTargets(entity, RELATION_OWNED_BY);
  if (owners.length > 0) return owners;
  // An entity the catalog has not processed yet has no relations.
  const specOwner = entity.spec?.owner;
  if (typeof specOwner !== 'string') return [];
  const owner = normaliseRef(specOwner, 'group', entity.metadata.namespace);
  return owner ? [owner] : [];
}

/** `component:default/payments-api` → `payments-api`, as cards and War Room names show it; a ref that does not parse is shown as it is. */
export function entityNameOf(
  entityRef: string | undefined,
): string | undefined {
  if (!entityRef) return undefined;
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
}
