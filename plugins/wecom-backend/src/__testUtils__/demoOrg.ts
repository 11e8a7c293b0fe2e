import {
  Entity,
  EntityRelation,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

type Spec = {
  memberOf?: string[];
  children?: string[];
  owner?: string;
};

function ref(raw: string, defaultKind: string): string {
  return stringifyEntityRef(
    parseEntityRef(raw, { defaultKind, defaultNamespace: 'default' }),
  );
}

export function user(name: string, memberOf: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { profile: { displayName: `${name} (display)` }, memberOf },
  };
}

export function group(name: string, children: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children },
  };
}

export function component(name: string, owner?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

/**
 * Adds the relations the catalog's processors would derive from the specs
 * (memberOf ↔ hasMember, parentOf ↔ childOf, ownedBy ↔ ownerOf), since the
 * in-memory catalog of the tests stores entities as given.
 */
export function withRelations(entities: Entity[]): Entity[] {
  const relations = new Map<string, EntityRelation[]>();
  const add = (source: string, type: string, targetRef: string) => {
    const list = relations.get(source) ?? [];
    list.push({ type, targetRef });
    relations.set(source, list);
  };
  for (const entity of entities) {
    const self = stringifyEntityRef(entity);
    const spec = (entity.spec ?? {}) as Spec;
    for (const g of spec.memberOf ?? []) {
      add(self, 'memberOf', ref(g, 'group'));
      add(ref(g, 'group'), 'hasMember', self);
    }
    for (const c of spec.children ?? []) {
      add(self, 'parentOf', ref(c, 'group'));
      add(ref(c, 'group'), 'childOf', self);
    }
    if (spec.owner) {
      add(self, 'ownedBy', ref(spec.owner, 'group'));
      add(ref(spec.owner, 'group'), 'ownerOf', self);
    }
  }
  return entities.map(entity => ({
    ...entity,
    relations: relations.get(stringifyEntityRef(entity)) ?? [],
  }));
}

/** The teams of `examples/org.yaml` and `examples/entities.yaml`, as the catalog holds them. */
export function demoOrg(): Entity[] {
  return withRelations([
    group('sre'),
    group('payments'),
    group('platform'),
    user('guest', ['sre']),
    user('jdoe', ['sre', 'payments']),
    user('zhangsan', ['payments']),
    user('lisi', ['payments']),
    user('wangwu', ['platform']),
    user('asmith', ['sre', 'platform']),
    user('chenjing', ['payments']),
    user('newhire', ['sre']),
    component('payments-api', 'payments'),
    component('api-gateway', 'platform'),
  ]);
}

/** Every demo user linked to a WeCom member of the same name, but `newhire`. */
export const DEMO_LINKED_USERS = [
  'guest',
  'jdoe',
  'zhangsan',
  'lisi',
  'wangwu',
  'asmith',
  'chenjing',
];
