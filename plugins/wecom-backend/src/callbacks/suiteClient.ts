import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { WECOM_PUBLIC_API_BASE_URL } from 'backstage-plugin-wecom-common';
import { WeComAuthInfo, WeComClient } from '../connector';
import { SuiteAuthScope, SuiteStore } from '../integrations/SuiteStore';
import { WeComSuiteConfig } from '../integrations/types';

/** The suite's own client: suite token, get_permanent_code, get_auth_info. */
export function createSuiteClient(
  suite: WeComSuiteConfig,
  deps: { suiteStore: SuiteStore; cache: CacheService; logger: LoggerService },
): WeComClient {
  return new WeComClient({
    credentials: {
      integrationId: `suite:${suite.suiteId}`,
      mode: 'thirdPartyApp',
      corpId: '',
      apiBaseUrl: suite.apiBaseUrl ?? WECOM_PUBLIC_API_BASE_URL,
      suite: deps.suiteStore.credentialsFor(suite),
    },
    cache: deps.cache,
    logger: deps.logger,
  });
}

/**
 * The app a corp authorized: a single-app suite's authorization has exactly
 * one agent (page 91911: 对新的单应用授权,永远只返回一个agent), whose
 * agentid message/send needs and whose privilege is the authorized range.
 */
export function authorizedApp(authInfo: WeComAuthInfo | undefined): {
  agentId?: number;
  scope?: SuiteAuthScope;
} {
  const agent = authInfo?.agent?.[0];
  if (!agent) return {};
  const privilege = agent.privilege;
  return {
    agentId: agent.agentid,
    ...(privilege && {
      scope: {
        allowParty: privilege.allow_party,
        allowUser: privilege.allow_user,
        allowTag: privilege.allow_tag,
      },
    }),
  };
}
