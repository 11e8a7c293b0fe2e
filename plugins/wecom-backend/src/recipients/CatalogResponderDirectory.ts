import { AuthService } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  RELATION_PARENT_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  REF_FIELDS,
  ownerRefs,
  readEntitiesByRefs,
  relationTargets,
} from '../catalog/catalogEntities';

/** Users found for some responder refs, and why some may be missing. */
export interface ExpandedResponders {
  /** User entity refs, lower-case, each once, in the order found. */
  users: string[];
  /** Plain-words findings for the timeline: unknown groups, empty teams, … */
  notes: string[];
}

/** The owners of an entity, as the catalog records them. */
export interface EntityOwners {
  /** User or group refs, lower-case. */
  owners: string[];
  notes: string[];
}

/**
 * Reads people from the catalog for routing: group members (the catalog's
 * `hasMember` / `memberOf` relations, plus members of direct child groups)
 * and entity owners (`ownedBy`, else `spec.owner`). Uses the plugin's own
 * credentials: notifications run with no request to borrow a token from.
 */
export class CatalogResponderDirectory {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  /** Users behind user and group refs; groups expand to their members. */
  async expand(refs: string[]): Promise<ExpandedResponders> {
    const users = new Set<string>();
    const groups: string[] = [];
    const notes: string[] = [];
    for (const raw of refs) {
      const ref = parseRef(raw, 'user');
      if (!ref) {
        notes.push(`"${raw}" is not an entity ref`);
      } else if (ref.kind === 'user') {
        users.add(stringifyEntityRef(ref));
      } else if (ref.kind === 'group') {
        groups.push(stringifyEntityRef(ref));
      } else {
        notes.push(`${raw} is a ${ref.kind}: responders are users or groups`);
      }
    }
    if (groups.length > 0) {
      const members = await this.groupMembers(groups);
      members.users.forEach(user => users.add(user));
      notes.push(...members.notes);
    }
    return { users: [...users], notes };
  }

  /** Who owns the entity: its `ownedBy` relations, else its `spec.owner`. */
  async owners(entityRef: string): Promise<EntityOwners> {
    const ref = parseRef(entityRef, 'component');
    if (!ref) {
      return { owners: [], notes: [`"${entityRef}" is not an entity ref`] };
    }
    const [entity] = await this.byRefs(
      [stringifyEntityRef(ref)],
      [...REF_FIELDS, 'spec.owner', 'relations'],
    );
    if (!entity) {
      return { owners: [], notes: [`${entityRef} is not in the catalog`] };
    }
    const owners = ownerRefs(entity);
    return owners.length > 0
      ? { owners, notes: [] }
      : { owners: [], notes: [`${entityRef} has no owner in the catalog`] };
  }

  /** Members of the groups and of their direct child groups (one level). */
  private async groupMembers(groupRefs: string[]): Promise<ExpandedResponders> {
    const notes: string[] = [];
    const found = await this.byRefs(groupRefs, [...REF_FIELDS, 'relations']);
    const known: Entity[] = [];
    found.forEach((group, index) => {
      if (group) known.push(group);
      else notes.push(`${groupRefs[index]} is not in the catalog`);
    });
    const childRefs = known
      .flatMap(group => relationTargets(group, RELATION_PARENT_OF))
      .filter(ref => !groupRefs.includes(ref));
    const children = await this.byRefs(childRefs, [...REF_FIELDS, 'relations']);
    const groups = new Map<string, Entity>();
    for (const group of [...known, ...children]) {
      if (group) groups.set(refOf(group), group);
    }
    const viaMemberOf = await this.usersMemberOf([...groups.keys()]);
    // `hasMember` on the group and `memberOf` on the user are one fact seen
    // from both sides; a catalog mid-processing may hold only one of them.
    const membersOf = (groupRef: string) => {
      const group = groups.get(groupRef);
      return [
        ...(group ? relationTargets(group, RELATION_HAS_MEMBER) : []).filter(
          ref => ref.startsWith('user:'),
        ),
        ...viaMemberOf
          .filter(user => user.groups.includes(groupRef))
          .map(user => user.ref),
      ];
    };

    const users = new Set<string>();
    for (const group of known) {
      const ref = refOf(group);
      const members = [
        ref,
        ...relationTargets(group, RELATION_PARENT_OF),
      ].flatMap(membersOf);
      if (members.length === 0) {
        notes.push(`${ref} has no members in the catalog`);
      }
      members.forEach(member => users.add(member));
    }
    return { users: [...users], notes };
  }

  /** Users whose `memberOf` relations name any of the groups. */
  private async usersMemberOf(
    groupRefs: string[],
  ): Promise<Array<{ ref: string; groups: string[] }>> {
    if (groupRefs.length === 0) return [];
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      {
        filter: { kind: 'User', 'relations.memberOf': groupRefs },
        fields: [...REF_FIELDS, 'relations'],
      },
      { credentials },
    );
    return items.map(user => ({
      ref: refOf(user),
      groups: relationTargets(user, RELATION_MEMBER_OF),
    }));
  }

  private byRefs(
    entityRefs: string[],
    fields: string[],
  ): Promise<Array<Entity | undefined>> {
    return readEntitiesByRefs(this.catalog, this.auth, entityRefs, fields);
  }
}

/** Parses a ref into lower-case parts; undefined when it is not a ref. */
function parseRef(
  raw: string,
  defaultKind: string,
): CompoundEntityRef | undefined {
  try {
    const ref = parseEntityRef(raw.trim(), {
      defaultKind,
      defaultNamespace: 'default',
    });
    return {
      kind: ref.kind.toLocaleLowerCase('en-US'),
      namespace: ref.namespace.toLocaleLowerCase('en-US'),
      name: ref.name.toLocaleLowerCase('en-US'),
    };
  } catch {
    return undefined;
  }
}

function refOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}
