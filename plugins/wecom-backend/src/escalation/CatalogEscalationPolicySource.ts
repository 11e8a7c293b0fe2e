import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  WECOM_ANNOTATIONS,
  WeComEscalationPolicy,
} from 'backstage-plugin-wecom-common';
import {
  normaliseRef,
  ownerRefs,
  readEntitiesByRefs,
} from '../catalog/catalogEntities';
import { EscalationPolicySource } from '../oncall/contracts';
import { EscalationPolicyStore } from './EscalationPolicyStore';

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
  'relations',
];
// Each entity naming an unknown policy is warned about once per process;
// past this many, the set starts over rather than grow without end.
const MAX_WARNED = 1000;

/**
 * Which stored escalation policy an entity uses: its own
 * `work.weixin.qq.com/escalation-policy` annotation, else its owner
 * group's (the group's annotation, else the first policy, by name, whose
 * `ownerRef` is the group). A group is its own owner. Read with the
 * plugin's own credentials: escalation runs with no user behind it.
 * An annotation naming no stored policy means the default (`wecom.escalation`),
 * with a warning, never a failed escalation.
 */
export class CatalogEscalationPolicySource implements EscalationPolicySource {
  private readonly warned = new Set<string>();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      store: Pick<EscalationPolicyStore, 'get' | 'ownedBy'>;
      logger: LoggerService;
    },
  ) {}

  async policyForEntity(
    entityRef: string,
  ): Promise<WeComEscalationPolicy | undefined> {
    const ref = normaliseRef(entityRef, 'component');
    if (!ref) return undefined;
    const entity = await this.read(ref);
    if (!entity) return undefined;
    const own = annotationOf(entity);
    if (own) return this.named(ref, own);
    if (entity.kind.toLocaleLowerCase('en-US') === 'group') {
      return this.ownedBy(ref);
    }
    const group = ownerRefs(entity).find(owner => owner.startsWith('group:'));
    if (!group) return undefined;
    const owner = await this.read(group);
    const inherited = owner && annotationOf(owner);
    if (inherited) return this.named(group, inherited);
    return this.ownedBy(group);
  }

  private async read(ref: string): Promise<Entity | undefined> {
    const [entity] = await readEntitiesByRefs(
      this.deps.catalog,
      this.deps.auth,
      [ref],
      FIELDS,
    );
    return entity;
  }

  private async ownedBy(groupRef: string) {
    const [first] = await this.deps.store.ownedBy(groupRef);
    return first;
  }

  private async named(entityRef: string, policyId: string) {
    const policy = await this.deps.store.get(policyId);
    if (!policy) this.warnUnknown(entityRef, policyId);
    return policy;
  }

  private warnUnknown(entityRef: string, policyId: string) {
    const key = `${entityRef}\n${policyId}`;
    if (this.warned.has(key)) return;
    if (this.warned.size >= MAX_WARNED) this.warned.clear();
    this.warned.add(key);
    this.deps.logger.warn(
      `${entityRef} names escalation policy "${policyId}" (annotation ${WECOM_ANNOTATIONS.escalationPolicy}), which does not exist; its incidents escalate by wecom.escalation (said once per entity and policy)`,
    );
  }
}

function annotationOf(entity: Entity): string | undefined {
  const value =
    entity.metadata.annotations?.[WECOM_ANNOTATIONS.escalationPolicy];
  // Policy ids are lower-case slugs; `Payments` in YAML means `payments`.
  return value?.trim().toLocaleLowerCase('en-US') || undefined;
}
