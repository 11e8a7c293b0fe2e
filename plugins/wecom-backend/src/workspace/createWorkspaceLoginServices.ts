import {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { WeComWorkspaceIdentitySigner } from 'backstage-plugin-wecom-node';
import { Knex } from 'knex';
import { AppAgents } from '../integrations/appAgent';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComClientProvider } from '../integrations/WeComClientProvider';
import { LinkStore } from '../linking/LinkStore';
import { WorkspaceTicketBinder } from './browserBinding';
import { OAuthStateSigner } from './OAuthStateSigner';
import { UsedOAuthStateStore } from './UsedOAuthStateStore';
import { WorkspaceLoginService } from './WorkspaceLoginService';
import {
  WorkspaceRateLimiter,
  readWorkspaceRateLimit,
} from './WorkspaceRateLimiter';
import { WorkspaceTicketStore } from './WorkspaceTicketStore';

/** Signing in to Backstage from the WeCom workspace (OAuth2 in WeCom). */
export interface WorkspaceLoginServices {
  workspaceLogin: WorkspaceLoginService;
  /** Per-client budgets of the unauthenticated workspace-login routes. */
  workspaceRateLimiter: WorkspaceRateLimiter;
}

/**
 * Builds workspace login (it needs `wecom.secretsKey` to sign its states,
 * tickets and identities) and schedules the hourly pruning of used OAuth
 * states and tickets (scope global).
 *
 * Call it after the integrations: the rate limiter's table is the one the
 * connector's limiter creates.
 */
export async function createWorkspaceLoginServices(deps: {
  config: RootConfigService;
  logger: LoggerService;
  knex: Knex;
  scheduler: SchedulerService;
  integrations: IntegrationService;
  clients: WeComClientProvider;
  appAgents: AppAgents;
  links: LinkStore;
  /** The Backstage app, where members land after signing in. */
  appBaseUrl: string;
  /**
   * Signs the identity cookie the auth module reads; built once by the
   * composition root, which also gives it to linked-user access. Undefined
   * without `wecom.secretsKey`.
   */
  identitySigner?: WeComWorkspaceIdentitySigner;
}): Promise<WorkspaceLoginServices> {
  const { config, knex } = deps;
  const secretsKey = config.getOptionalString('wecom.secretsKey');
  const workspaceLogin = new WorkspaceLoginService({
    integrations: deps.integrations,
    clients: deps.clients,
    appAgents: deps.appAgents,
    links: deps.links,
    usedStates: new UsedOAuthStateStore(knex),
    tickets: new WorkspaceTicketStore(knex),
    signers:
      secretsKey && deps.identitySigner
        ? {
            state: OAuthStateSigner.fromSecretsKey(secretsKey),
            ticket: WorkspaceTicketBinder.fromSecretsKey(secretsKey),
            identity: deps.identitySigner,
          }
        : undefined,
    appBaseUrl: deps.appBaseUrl,
    logger: deps.logger.child({ area: 'workspace-login' }),
  });

  await deps.scheduler.scheduleTask({
    id: 'wecom-workspace-login-prune',
    frequency: { hours: 1 },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: () => workspaceLogin.prune(),
  });

  return {
    workspaceLogin,
    workspaceRateLimiter: await WorkspaceRateLimiter.create({
      knex,
      limit: readWorkspaceRateLimit(config),
    }),
  };
}
