import {
  AuthService,
  DiscoveryService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  WECOM_WORKSPACE_IDENTITY_COOKIE,
  WeComWorkspaceIdentitySigner,
} from 'backstage-plugin-wecom-node';
import { LinkStore } from '../linking/LinkStore';
import {
  ActingUser,
  LinkedUserAccess,
  MemberIdentity,
  WeComMember,
} from './LinkedUserAccess';

/** The signed identity is spent at once; a minute covers a slow auth backend. */
const IDENTITY_LIFETIME_SECONDS = 60;
const REFRESH_TIMEOUT_MS = 10_000;

type Refusal = { key: string; reason: string };

/** The services the access acts through. */
interface AccessServices {
  links: Pick<LinkStore, 'findByMember'>;
  /** From `wecom.secretsKey`; without it users cannot be acted as. */
  signer?: WeComWorkspaceIdentitySigner;
  discovery: DiscoveryService;
  auth: AuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}

/**
 * {@link LinkedUserAccess} through Backstage itself. With the permission
 * framework on (`permission.enabled`), it signs a one-minute workspace
 * identity for the member — the same token the WeCom OAuth2 login leaves
 * in the browser — and trades it at the auth backend's
 * `GET /api/auth/wecom/refresh` (the `wecom` sign-in provider) for the
 * linked user's Backstage token. `auth.authenticate` turns that into the
 * user's credentials, and `permissions.authorize` asks the permission
 * policy with them: the same decision, for the same user, as a route makes.
 * Nothing is cached: each click or message asks again, so an unlink or a
 * policy change takes effect at once on every replica.
 *
 * With the framework off every request is allowed (as Backstage's own
 * permission client does) and no token is fetched.
 */
export class BackstageLinkedUserAccess implements LinkedUserAccess {
  /** Configuration problems already logged: once each, not per click. */
  readonly #warned = new Set<string>();

  private constructor(
    private readonly deps: AccessServices & {
      permissionEnabled: boolean;
      fetch: typeof fetch;
    },
  ) {}

  static create(
    deps: AccessServices & {
      config: Config;
      /** Tests stand in for the auth backend. */
      fetch?: typeof fetch;
    },
  ): BackstageLinkedUserAccess {
    return new BackstageLinkedUserAccess({
      ...deps,
      // Read as @backstage/plugin-permission-node's ServerPermissionClient does.
      permissionEnabled:
        deps.config.getOptionalBoolean('permission.enabled') ?? false,
      fetch: deps.fetch ?? fetch,
    });
  }

  async credentialsOf(member: WeComMember): Promise<MemberIdentity> {
    const link = await this.deps.links.findByMember(
      member.integrationId,
      member.wecomUserId,
    );
    if (!link) return { kind: 'unlinked' };
    const { entityRef } = link;
    if (!this.deps.permissionEnabled) {
      const credentials = await this.deps.auth.getOwnServiceCredentials();
      return { kind: 'user', user: { entityRef, credentials } };
    }
    const outcome = await this.signIn(member, entityRef);
    if ('user' in outcome) return { kind: 'user', user: outcome.user };
    this.warnOnce(outcome);
    return { kind: 'unavailable', entityRef, reason: outcome.reason };
  }

  async isAllowed(
    user: ActingUser,
    permission: BasicPermission,
  ): Promise<boolean> {
    if (!this.deps.permissionEnabled) return true;
    const [decision] = await this.deps.permissions.authorize([{ permission }], {
      credentials: user.credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** The linked user's credentials from the auth backend, or why not. */
  private async signIn(
    member: WeComMember,
    entityRef: string,
  ): Promise<{ user: ActingUser } | Refusal> {
    const { signer, discovery, auth } = this.deps;
    if (!signer) {
      return {
        key: 'no-secrets-key',
        reason:
          'wecom.secretsKey is not set, so no WeCom identity can be signed',
      };
    }
    const { token: identity } = signer.sign(member, {
      lifetimeSeconds: IDENTITY_LIFETIME_SECONDS,
    });
    const baseUrl = await discovery.getBaseUrl('auth');
    const response = await this.deps.fetch(`${baseUrl}/wecom/refresh`, {
      headers: {
        cookie: `${WECOM_WORKSPACE_IDENTITY_COOKIE}=${identity}`,
        'x-requested-with': 'XMLHttpRequest',
      },
      redirect: 'error',
      signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS),
    });
    if (response.status === 404) {
      return {
        key: 'no-provider',
        reason:
          'the auth backend has no `wecom` sign-in provider (add backstage-plugin-auth-backend-module-wecom-provider and auth.providers.wecom)',
      };
    }
    if (response.status === 401 || response.status === 403) {
      const message = await errorMessageOf(response);
      // Each distinct problem once (a missing catalog user, say).
      return {
        key: `refused:${message}`,
        reason: `the wecom sign-in provider refused the member: ${message}`,
      };
    }
    if (!response.ok) {
      // Worth a retry (a click's job is retried by the callback queue).
      throw new Error(
        `The auth backend answered HTTP ${response.status} to /wecom/refresh`,
      );
    }
    const body = await response.json().catch(() => undefined);
    const token = body?.backstageIdentity?.token;
    if (typeof token !== 'string' || !token) {
      return {
        key: 'no-token',
        reason: 'the wecom sign-in provider answered without a Backstage token',
      };
    }
    const credentials = await auth.authenticate(token);
    if (!auth.isPrincipal(credentials, 'user')) {
      return {
        key: 'not-a-user',
        reason: 'the wecom sign-in provider answered with a non-user token',
      };
    }
    const signedInAs = credentials.principal.userEntityRef;
    if (lower(signedInAs) !== lower(entityRef)) {
      // A custom sign-in resolver may map members elsewhere: acting as
      // someone other than the linked user would be wrong either way.
      return {
        key: 'other-user',
        reason: `the wecom sign-in provider signs the member in as ${signedInAs}, not as the linked ${entityRef} (check auth.providers.wecom.signIn)`,
      };
    }
    return { user: { entityRef, credentials } };
  }

  private warnOnce(refusal: Refusal) {
    if (this.#warned.has(refusal.key)) return;
    this.#warned.add(refusal.key);
    this.deps.logger.warn(
      `WeCom card clicks and bot messages are refused while the permission framework is on, because Backstage cannot act as the linked user: ${refusal.reason}. Members are told to use Backstage itself. (Logged once.)`,
    );
  }
}

function lower(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/** The message of a Backstage error body, cut; the status when there is none. */
async function errorMessageOf(response: Response): Promise<string> {
  const body = await response.json().catch(() => undefined);
  const message = body?.error?.message;
  return typeof message === 'string'
    ? message.slice(0, 300)
    : `HTTP ${response.status}`;
}
