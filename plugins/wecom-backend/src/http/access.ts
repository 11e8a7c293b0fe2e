import {
  AuditorService,
  BackstageCredentials,
  AuditorServiceEvent,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/**
 * The permission check every admin route starts with. Users and services
 * may call; the answer names the user (undefined for a service), for the
 * `linkedBy`-style fields, and holds the caller's credentials, for reads
 * made on their behalf.
 */
export function createAuthorizer(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}) {
  return async (
    req: Request,
    permission: BasicPermission,
  ): Promise<{ userEntityRef?: string; credentials: BackstageCredentials }> => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await options.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
    const principal = credentials.principal as { userEntityRef?: string };
    return { userEntityRef: principal.userEntityRef, credentials };
  };
}

/**
 * Runs a change inside an audit event that says who did what and whether it
 * worked. `fn` may add details known only afterwards (e.g. the member id).
 * Without a request (actions run for AI agents) `meta` names the caller.
 */
export async function withAuditEvent<T>(
  auditor: AuditorService,
  event: { eventId: string; request?: Request; meta: JsonObject },
  fn: () => Promise<T>,
  successMeta?: (result: T) => JsonObject,
): Promise<T> {
  const audit: AuditorServiceEvent = await auditor.createEvent({
    eventId: event.eventId,
    severityLevel: 'medium',
    request: event.request,
    meta: event.meta,
  });
  try {
    const result = await fn();
    await audit.success(
      successMeta ? { meta: successMeta(result) } : undefined,
    );
    return result;
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}
