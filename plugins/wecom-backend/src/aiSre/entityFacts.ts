import {
  Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { WeComAnalysisEntityFacts } from 'backstage-plugin-wecom-node';

/** Titles or addresses that mark a runbook or playbook link. */
export const RUNBOOK_LINK = /runbook|playbook|手册|预案/i;
const TECHDOCS_REF = 'backstage.io/techdocs-ref';

/** `payments-api` → `component:default/payments-api`; undefined when invalid. */
export function normalizeEntityRef(raw: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(raw.trim(), {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * What the analyzers read of a catalog entity: owners, system, lifecycle,
 * its links (runbooks first; its TechDocs page when it has one) and who
 * depends on it.
 */
export function entityFactsOf(
  ref: string,
  entity: Entity,
  options: { appBaseUrl?: string } = {},
): WeComAnalysisEntityFacts {
  const spec = entity.spec ?? {};
  const links = runbooksFirst(entity);
  const techDocs = techDocsLink(entity, options.appBaseUrl);
  if (techDocs) links.push(techDocs);
  return {
    entityRef: ref,
    title: entity.metadata.title,
    description: entity.metadata.description,
    owners: ownersOf(entity),
    system: stringOf(spec.system),
    lifecycle: stringOf(spec.lifecycle),
    links,
    dependents: relationTargets(entity, RELATION_DEPENDENCY_OF),
  };
}

/** `ownedBy` relations, else `spec.owner` (an entity not processed yet). */
function ownersOf(entity: Entity): string[] {
  const owners = relationTargets(entity, RELATION_OWNED_BY);
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

function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(relation => relation.type === type)
    .map(relation => relation.targetRef.toLocaleLowerCase('en-US'));
}

/** Web links only; those about runbooks or playbooks first, order kept. */
function runbooksFirst(entity: Entity): { title: string; url: string }[] {
  const links = (entity.metadata.links ?? [])
    .filter(link => /^https?:\/\//i.test(link.url))
    .map(link => ({ title: link.title?.trim() || link.url, url: link.url }));
  const isRunbook = (link: { title: string; url: string }) =>
    RUNBOOK_LINK.test(link.title) || RUNBOOK_LINK.test(link.url);
  return [...links.filter(isRunbook), ...links.filter(l => !isRunbook(l))];
}

/** The entity's TechDocs page in the Backstage app, when it has docs. */
function techDocsLink(
  entity: Entity,
  appBaseUrl: string | undefined,
): { title: string; url: string } | undefined {
  if (!appBaseUrl || !entity.metadata.annotations?.[TECHDOCS_REF]) {
    return undefined;
  }
  const path = [
    entity.metadata.namespace ?? 'default',
    entity.kind,
    entity.metadata.name,
  ]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/');
  return { title: 'TechDocs', url: `${appBaseUrl}/docs/${path}` };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
