import { AppAgents } from '../integrations/appAgent';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComIntegration } from '../integrations/types';
import { WorkspaceLoginRefusal } from './WorkspaceLoginRefusal';

/** The app a workspace login's OAuth link names. */
export type WorkspaceLoginApp =
  | { corpId: string; agentId: number }
  | { suiteId: string };

/**
 * The integration and the app its OAuth link names: a custom app's corp
 * and AgentId, or a third-party app's suite while the corp's
 * authorization is live (the suite callbacks keep it).
 */
export async function workspaceLoginApp(
  deps: {
    integrations: Pick<IntegrationService, 'get'>;
    /** Third-party apps: their suite and the corp's authorization. */
    appAgents?: AppAgents;
  },
  id: string,
): Promise<{ integration: WeComIntegration; app: WorkspaceLoginApp }> {
  const integration = await deps.integrations.get(id);
  if (!integration) {
    throw new WorkspaceLoginRefusal(
      404,
      `There is no WeCom integration "${id}" in this Backstage; check the App Homepage URL in the WeCom admin console`,
    );
  }
  if (integration.mode === 'thirdPartyApp') {
    const suite = deps.appAgents
      ? await deps.appAgents.suiteOf(integration)
      : undefined;
    const agent = suite && (await deps.appAgents?.of(integration));
    if (!suite || !agent || agent.problem !== undefined) {
      throw new WorkspaceLoginRefusal(
        400,
        `Integration "${id}" cannot sign members in: ${
          agent?.problem ??
          'it is a third-party app and no suite in wecom.suites serves it'
        }`,
      );
    }
    return { integration, app: { suiteId: suite.suiteId } };
  }
  if (integration.agentId === undefined) {
    throw new WorkspaceLoginRefusal(
      400,
      `Integration "${id}" has no AgentId; an admin must set it before members can open the app from WeCom`,
    );
  }
  return {
    integration,
    app: { corpId: integration.corpId, agentId: integration.agentId },
  };
}
