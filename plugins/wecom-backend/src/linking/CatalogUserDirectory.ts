import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { WECOM_ANNOTATIONS } from 'backstage-plugin-wecom-common';

/** A catalog `User` entity, reduced to what linking needs. */
export interface CatalogUser {
  /** e.g. `user:default/zhangsan` */
  entityRef: string;
  /** `metadata.name` */
  name: string;
  /** `spec.profile.displayName`, else `metadata.title`, else the name. */
  displayName: string;
  email?: string;
  /** The `work.weixin.qq.com/mobile` annotation. */
  mobile?: string;
  /** The `work.weixin.qq.com/userid` annotation: wins over any lookup. */
  annotatedUserId?: string;
}

// Only what linking reads: a big catalog stays a small answer.
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.profile',
];

/**
 * The team members: the catalog's `User` entities, read with the plugin's
 * own service credentials (the admin's token may not see every user, and a
 * background run has no request to borrow a token from).
 */
export class CatalogUserDirectory {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  /** Every `User` entity of the catalog. */
  async listAll(): Promise<CatalogUser[]> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const users: CatalogUser[] = [];
    for await (const page of this.catalog.streamEntities(
      { filter: { kind: 'User' }, fields: FIELDS },
      { credentials },
    )) {
      users.push(...page.map(toCatalogUser));
    }
    return users;
  }

  /** One user by a normalised entity ref (`user:namespace/name`). */
  async get(entityRef: string): Promise<CatalogUser | undefined> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: [entityRef], fields: FIELDS },
      { credentials },
    );
    const entity = items[0];
    return entity && entity.kind.toLowerCase() === 'user'
      ? toCatalogUser(entity)
      : undefined;
  }
}

function toCatalogUser(entity: Entity): CatalogUser {
  const profile = (entity.spec?.profile ?? {}) as {
    displayName?: unknown;
    email?: unknown;
  };
  const annotations = entity.metadata.annotations ?? {};
  return {
    entityRef: stringifyEntityRef(entity),
    name: entity.metadata.name,
    displayName:
      nonEmpty(profile.displayName) ??
      nonEmpty(entity.metadata.title) ??
      entity.metadata.name,
    email: nonEmpty(profile.email),
    mobile: nonEmpty(annotations[WECOM_ANNOTATIONS.mobile]),
    annotatedUserId: nonEmpty(annotations[WECOM_ANNOTATIONS.userId]),
  };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
