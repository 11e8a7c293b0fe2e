import { findSuite } from './secretDestinations';
import { SuiteAuthorization, SuiteStore } from './SuiteStore';
import { WeComIntegration, WeComSuiteConfig } from './types';

/**
 * The app an integration acts as: its agent id, or why there is none. A
 * custom app's AgentId is set in the form; a third-party app's comes from
 * the corp's authorization of the suite (`auth_info.agent[0].agentid` of
 * get_permanent_code, page 90603), kept current by the suite callbacks.
 */
export type AppAgent =
  | { agentId: number; problem?: undefined }
  | { agentId?: undefined; problem: string };

/** Reads the agent of an integration; third-party ones from their authorization. */
export class AppAgents {
  constructor(
    private readonly suiteStore: SuiteStore,
    private readonly suites: WeComSuiteConfig[],
  ) {}

  async of(integration: WeComIntegration): Promise<AppAgent> {
    if (integration.mode !== 'thirdPartyApp') {
      return integration.agentId === undefined
        ? { problem: `the WeCom integration ${integration.id} has no AgentId` }
        : { agentId: integration.agentId };
    }
    const authorization = await this.authorizationOf(integration);
    return agentOfAuthorization(integration, authorization);
  }

  /** The suite of wecom.suites that serves a third-party integration. */
  async suiteOf(
    integration: WeComIntegration,
  ): Promise<WeComSuiteConfig | undefined> {
    return findSuite(integration, this.suites);
  }

  /** The corp's authorization of the integration's suite, if any. */
  async authorizationOf(
    integration: WeComIntegration,
  ): Promise<SuiteAuthorization | undefined> {
    const suite = findSuite(integration, this.suites);
    if (!suite) return undefined;
    return this.suiteStore.getAuthorization(suite.suiteId, integration.corpId);
  }
}

function agentOfAuthorization(
  integration: WeComIntegration,
  authorization: SuiteAuthorization | undefined,
): AppAgent {
  const corp = `corp ${integration.corpId}`;
  if (!authorization) {
    return {
      problem: `${corp} has not authorized the app of integration ${integration.id} yet (its admin installs it from WeCom)`,
    };
  }
  if (authorization.cancelledAt) {
    return {
      problem: `${corp} cancelled its authorization of the app at ${authorization.cancelledAt.toISO()}, so integration ${
        integration.id
      } is disabled; ask its admin to install the app again`,
    };
  }
  if (authorization.agentId === undefined) {
    return {
      problem: `the authorization of ${corp} names no app (agent id); ask its admin to authorize the app again`,
    };
  }
  return { agentId: authorization.agentId };
}
