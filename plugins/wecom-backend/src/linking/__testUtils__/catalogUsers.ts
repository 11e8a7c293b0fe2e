import { Entity } from '@backstage/catalog-model';
import { WECOM_ANNOTATIONS } from 'backstage-plugin-wecom-common';

/** A catalog `User` entity as an organisation's catalog would hold it. */
export function userEntity(
  name: string,
  options: {
    namespace?: string;
    displayName?: string;
    title?: string;
    email?: string;
    mobile?: string;
    wecomUserId?: string;
  } = {},
): Entity {
  const annotations: Record<string, string> = {};
  if (options.mobile) annotations[WECOM_ANNOTATIONS.mobile] = options.mobile;
  if (options.wecomUserId) {
    annotations[WECOM_ANNOTATIONS.userId] = options.wecomUserId;
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      ...(options.title ? { title: options.title } : {}),
      annotations,
    },
    spec: {
      profile: {
        ...(options.displayName ? { displayName: options.displayName } : {}),
        ...(options.email ? { email: options.email } : {}),
      },
      memberOf: [],
    },
  };
}

/** A non-user entity, which Linked Users must ignore. */
export function groupEntity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}
