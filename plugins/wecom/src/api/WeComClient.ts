import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  WeComApiClient,
  WeComCardDelivery,
  WeComCardPreview,
  WeComCardPreviewRequest,
  WeComCardTemplate,
  WeComHealthReport,
  WeComIncident,
  WeComIncidentInput,
  WeComIncidentPage,
  WeComIncidentPatch,
  WeComIncidentQuery,
  WeComIncidentTransition,
  WeComIntegrationInput,
  WeComIntegrationView,
  WeComSuiteSummary,
  WeComLinkedUser,
  WeComLinkedUsersPage,
  WeComLinkedUsersQuery,
  WeComLinkRun,
  WeComManualLinkInput,
  WeComPostmortem,
  WeComPostmortemFile,
  WeComPostmortemPostResult,
  WeComTimelineEntry,
  WeComUserPreferences,
  WeComWarRoom,
  WeComWarRoomCreateRequest,
  WeComWarRoomInviteRequest,
  WeComWarRoomQuery,
  WeComWorkspaceLinkPreview,
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

  listSuites(): Promise<WeComSuiteSummary[]> {
    return this.client.listSuites();
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

  previewWorkspaceLink(ticket: string): Promise<WeComWorkspaceLinkPreview> {
    return this.client.previewWorkspaceLink(ticket);
  }

  completeWorkspaceLink(ticket: string): Promise<WeComWorkspaceLinkResult> {
    return this.client.completeWorkspaceLink(ticket);
  }

  createIncident(input: WeComIncidentInput): Promise<WeComIncident> {
    return this.client.createIncident(input);
  }

  listIncidents(query: WeComIncidentQuery): Promise<WeComIncidentPage> {
    return this.client.listIncidents(query);
  }

  getIncident(id: string): Promise<WeComIncident> {
    return this.client.getIncident(id);
  }

  getIncidentTimeline(id: string): Promise<WeComTimelineEntry[]> {
    return this.client.getIncidentTimeline(id);
  }

  transitionIncident(
    id: string,
    transition: WeComIncidentTransition,
  ): Promise<WeComIncident> {
    return this.client.transitionIncident(id, transition);
  }

  updateIncident(
    id: string,
    patch: WeComIncidentPatch,
  ): Promise<WeComIncident> {
    return this.client.updateIncident(id, patch);
  }

  listIncidentDeliveries(id: string): Promise<WeComCardDelivery[]> {
    return this.client.listIncidentDeliveries(id);
  }

  listCardTemplates(integrationId: string): Promise<WeComCardTemplate[]> {
    return this.client.listCardTemplates(integrationId);
  }

  saveCardTemplate(template: WeComCardTemplate): Promise<WeComCardTemplate> {
    return this.client.saveCardTemplate(template);
  }

  deleteCardTemplate(input: {
    integrationId: string;
    entityRef?: string;
  }): Promise<void> {
    return this.client.deleteCardTemplate(input);
  }

  previewCardTemplate(
    request: WeComCardPreviewRequest,
  ): Promise<WeComCardPreview> {
    return this.client.previewCardTemplate(request);
  }

  getWarRoom(incidentId: string): Promise<WeComWarRoom | undefined> {
    return this.client.getWarRoom(incidentId);
  }

  createWarRoom(
    incidentId: string,
    request: WeComWarRoomCreateRequest = {},
  ): Promise<WeComWarRoom> {
    return this.client.createWarRoom(incidentId, request);
  }

  inviteToWarRoom(
    incidentId: string,
    request: WeComWarRoomInviteRequest,
  ): Promise<WeComWarRoom> {
    return this.client.inviteToWarRoom(incidentId, request);
  }

  dismissWarRoom(incidentId: string): Promise<WeComWarRoom> {
    return this.client.dismissWarRoom(incidentId);
  }

  listWarRooms(query: WeComWarRoomQuery): Promise<WeComWarRoom[]> {
    return this.client.listWarRooms(query);
  }

  getPostmortem(incidentId: string): Promise<WeComPostmortem | undefined> {
    return this.client.getPostmortem(incidentId);
  }

  generatePostmortem(incidentId: string): Promise<WeComPostmortem> {
    return this.client.generatePostmortem(incidentId);
  }

  updatePostmortem(
    incidentId: string,
    markdown: string,
  ): Promise<WeComPostmortem> {
    return this.client.updatePostmortem(incidentId, markdown);
  }

  postPostmortemToWarRoom(
    incidentId: string,
  ): Promise<WeComPostmortemPostResult> {
    return this.client.postPostmortemToWarRoom(incidentId);
  }

  downloadPostmortem(incidentId: string): Promise<WeComPostmortemFile> {
    return this.client.downloadPostmortem(incidentId);
  }

  getMyPreferences(): Promise<WeComUserPreferences> {
    return this.client.getMyPreferences();
  }

  updateMyPreferences(
    preferences: WeComUserPreferences,
  ): Promise<WeComUserPreferences> {
    return this.client.updateMyPreferences(preferences);
  }
}
