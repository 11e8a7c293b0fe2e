import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  WeComApiClient,
  WeComHealthReport,
  WeComIntegrationInput,
  WeComIntegrationView,
  WeComLinkedUser,
  WeComLinkedUsersPage,
  WeComLinkedUsersQuery,
  WeComLinkRun,
  WeComManualLinkInput,
  WeComWorkspaceLinkResult,
} from 'backstage-plugin-wecom-common';
import { WeComApi } from './WeComApi';

/**
 * The browser's {@link WeComApi}. It delegates to the typed HTTP client of
 * `backstage-plugin-wecom-common`, so the frontend and the scaffolder module
 * speak to the backend through one implementation; the `fetchApi` adds the
 * signed-in user's token.
 *
 * @public
 */
export class WeComClient implements WeComApi {
  private readonly client: WeComApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new WeComApiClient({
      discoveryApi: options.discoveryApi,
      fetchApi: options.fetchApi,
    });
  }

  listIntegrations(): Promise<WeComIntegrationView[]> {
    return this.client.listIntegrations();
  }

  getIntegration(id: string): Promise<WeComIntegrationView> {
    return this.client.getIntegration(id);
  }

  createIntegration(
    input: WeComIntegrationInput,
  ): Promise<WeComIntegrationView> {
    return this.client.createIntegration(input);
  }

  updateIntegration(
    id: string,
    input: WeComIntegrationInput,
  ): Promise<WeComIntegrationView> {
    return this.client.updateIntegration(id, input);
  }

  deleteIntegration(id: string): Promise<void> {
    return this.client.deleteIntegration(id);
  }

  testIntegration(id: string): Promise<WeComHealthReport> {
    return this.client.testIntegration(id);
  }

  listLinkedUsers(query: WeComLinkedUsersQuery): Promise<WeComLinkedUsersPage> {
    return this.client.listLinkedUsers(query);
  }

  startOneClickLink(integrationId: string): Promise<WeComLinkRun> {
    return this.client.startOneClickLink(integrationId);
  }

  getLatestOneClickLink(
    integrationId: string,
  ): Promise<WeComLinkRun | undefined> {
    return this.client.getLatestOneClickLink(integrationId);
  }

  getOneClickLinkRun(runId: string): Promise<WeComLinkRun> {
    return this.client.getOneClickLinkRun(runId);
  }

  linkUser(input: WeComManualLinkInput): Promise<WeComLinkedUser> {
    return this.client.linkUser(input);
  }

  unlinkUser(input: {
    integrationId: string;
    entityRef: string;
  }): Promise<void> {
    return this.client.unlinkUser(input);
  }

  completeWorkspaceLink(ticket: string): Promise<WeComWorkspaceLinkResult> {
    return this.client.completeWorkspaceLink(ticket);
  }
}
