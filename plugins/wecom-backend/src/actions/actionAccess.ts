import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { withAuditEvent } from '../http/access';

/** What every action needs to check and record who calls it. */
export interface ActionAccessOptions {
  permissions: PermissionsService;
  auth: AuthService;
  auditor: AuditorService;
}

/**
 * The actions' counterpart of the routes' `createAuthorizer`: the same
 * permission as the HTTP route, checked against the action's credentials.
 * Answers the user for timeline entries (undefined for a service, e.g. an
 * MCP client with a static token).
 */
export function createActionAccess(options: ActionAccessOptions) {
  const { permissions, auth, auditor } = options;

  /** `user:default/zhangsan`, a service's subject, or `none`. */
  const caller = (credentials: BackstageCredentials): string => {
    if (auth.isPrincipal(credentials, 'user')) {
      return credentials.principal.userEntityRef;
    }
    if (auth.isPrincipal(credentials, 'service')) {
      return credentials.principal.subject;
    }
    return 'none';
  };

  const authorize = async (
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<{ actor?: string }> => {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
    return {
      actor: auth.isPrincipal(credentials, 'user')
        ? credentials.principal.userEntityRef
        : undefined,
    };
  };

  /**
   * Runs a change inside the same audit event as the route's. Actions have
   * no request for the auditor to read the caller from, so `meta` names it.
   */
  const audited = <T>(
    credentials: BackstageCredentials,
    event: { eventId: string; meta: JsonObject },
    fn: () => Promise<T>,
    successMeta?: (result: T) => JsonObject,
  ): Promise<T> =>
    withAuditEvent(
      auditor,
      {
        eventId: event.eventId,
        meta: { ...event.meta, via: 'action', caller: caller(credentials) },
      },
      fn,
      successMeta,
    );

  return { authorize, audited };
}

/** What the action factories get. */
export type ActionAccess = ReturnType<typeof createActionAccess>;
