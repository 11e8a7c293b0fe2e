import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** A link of the entity worth showing to responders. */
export interface EntityLink {
  title?: string;
  url: string;
  /** Its title or address mentions a runbook or playbook. */
  runbook: boolean;
}

/** What the catalog tells about an incident's entity. */
export interface EntityFacts {
  ref: string;
  /** `missing`: not in the catalog; `unreachable`: the catalog failed. */
  lookup: 'found' | 'missing' | 'unreachable';
  title?: string;
  description?: string;
  type?: string;
  system?: string;
  lifecycle?: string;
  /** User or group refs, lower-case. */
  owners: string[];
  /** Runbooks and playbooks first. */
  links: EntityLink[];
  hasTechDocs: boolean;
}

const RUNBOOK = /runbook|playbook/i;
const TECHDOCS_REF = 'backstage.io/techdocs-ref';

/** Facts of an entity the catalog could not give. */
export function unknownEntity(
  ref: string,
  lookup: 'missing' | 'unreachable',
): EntityFacts {
  return { ref, lookup, owners: [], links: [], hasTechDocs: false };
}

/** Reads the facts the analysis uses from a catalog entity. */
export function entityFactsOf(ref: string, entity: Entity): EntityFacts {
  const spec = entity.spec ?? {};
  return {
    ref,
    lookup: 'found',
    title: entity.metadata.title,
    description: entity.metadata.description,
    type: stringOf(spec.type),
    system: stringOf(spec.system),
    lifecycle: stringOf(spec.lifecycle),
    owners: ownersOf(entity),
    links: runbooksFirst(entity),
    hasTechDocs: Boolean(entity.metadata.annotations?.[TECHDOCS_REF]),
  };
}

/** `ownedBy` relations, else `spec.owner` (an entity not processed yet). */
function ownersOf(entity: Entity): string[] {
  const owners = (entity.relations ?? [])
    .filter(relation => relation.type === RELATION_OWNED_BY)
    .map(relation => relation.targetRef.toLocaleLowerCase('en-US'));
  if (owners.length > 0) return owners;
  const specOwner = stringOf(entity.spec?.owner);
  if (!specOwner) return [];
  try {
    const owner = parseEntityRef(specOwner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
    return [stringifyEntityRef(owner).toLocaleLowerCase('en-US')];
  } catch {
    return [];
  }
}

/** Web links only; those about runbooks or playbooks first, order kept. */
function runbooksFirst(entity: Entity): EntityLink[] {
  const links = (entity.metadata.links ?? [])
    .filter(link => /^https?:\/\//i.test(link.url))
    .map(link => ({
      title: link.title,
      url: link.url,
      runbook: RUNBOOK.test(link.title ?? '') || RUNBOOK.test(link.url),
    }));
  return [...links.filter(l => l.runbook), ...links.filter(l => !l.runbook)];
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
