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

/** What a permission check answers about an allowed caller. */
export interface AuthorizedCaller {
  /** The user as their token names them; undefined for a service. */
  userEntityRef?: string;
  /**
   * The user's ref lower-cased, as the catalog and our stores hold refs (a
   * token may carry another case); undefined for a service. Compare with
   * this one.
   */
  callerRef?: string;
  credentials: BackstageCredentials;
}

/** Who made a request: the user, or the calling service. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? 'unknown';
}

/** What a request would have done, by its method, for refusal audits. */
function actionOf(req: Request): string {
  switch (req.method) {
    case 'GET':
    case 'HEAD':
      return 'read';
    case 'POST':
      return 'create';
    case 'PUT':
    case 'PATCH':
      return 'update';
    case 'DELETE':
      return 'delete';
    default:
      return req.method.toLocaleLowerCase('en-US');
  }
}

/**
 * Records a refused request: who (`actor`), what (`action`), on what
 * (`target`, the path without its query, which may hold anything) and that
 * it was denied, with the permission or rule that refused it.
 */
export async function auditDenied(
  auditor: AuditorService,
  req: Request,
  denial: {
    credentials: BackstageCredentials;
    error: Error;
    permission?: string;
    action?: string;
  },
): Promise<void> {
  const event = await auditor.createEvent({
    eventId: 'permission-denied',
    severityLevel: 'medium',
    request: req,
    meta: {
      actor: actorOf(denial.credentials),
      action: denial.action ?? actionOf(req),
      target: `${req.baseUrl}${req.path}`,
      ...(denial.permission ? { permission: denial.permission } : {}),
      outcome: 'denied',
    },
  });
  await event.fail({ error: denial.error });
}

/**
 * The permission check every admin route starts with. Users and services
 * may call; the answer names the user (undefined for a service), for the
 * `linkedBy`-style fields, and holds the caller's credentials, for reads
 * made on their behalf. With an auditor, every refusal is audited.
 */
export function createAuthorizer(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor?: AuditorService;
}) {
  return async (
    req: Request,
    permission: BasicPermission,
  ): Promise<AuthorizedCaller> => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await options.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      const error = new NotAllowedError(
        `Missing permission ${permission.name}`,
      );
      if (options.auditor) {
        await auditDenied(options.auditor, req, {
          credentials,
          error,
          permission: permission.name,
        });
      }
      throw error;
    }
    const principal = credentials.principal as { userEntityRef?: string };
    return {
      userEntityRef: principal.userEntityRef,
      callerRef: principal.userEntityRef?.toLocaleLowerCase('en-US'),
      credentials,
    };
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
