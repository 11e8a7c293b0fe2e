import { Entity, RELATION_DEPENDENCY_OF } from '@backstage/catalog-model';
import { WeComAnalysisEntityFacts } from 'backstage-plugin-wecom-node';
import {
  normaliseRef,
  ownerRefs,
  relationTargets,
} from '../catalog/catalogEntities';

/** Titles or addresses that mark a runbook or playbook link. */
export const RUNBOOK_LINK = /runbook|playbook|手册|预案/i;
const TECHDOCS_REF = 'backstage.io/techdocs-ref';

/** `payments-api` → `component:default/payments-api`; undefined when invalid. */
export function normalizeEntityRef(raw: string): string | undefined {
  return normaliseRef(raw, 'component');
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
    owners: ownerRefs(entity),
    system: stringOf(spec.system),
    lifecycle: stringOf(spec.lifecycle),
    links,
    dependents: relationTargets(entity, RELATION_DEPENDENCY_OF),
  };
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
