import type {
  WeComHealthReport,
  WeComIntegrationInput,
  WeComIntegrationView,
  WeComSuiteSummary,
} from '../integrations';
import type {
  WeComLinkedUser,
  WeComLinkedUsersPage,
  WeComLinkedUsersQuery,
  WeComLinkRun,
  WeComManualLinkInput,
  WeComWorkspaceLinkPreview,
  WeComWorkspaceLinkResult,
} from '../linkedUsers';
import type {
  WeComCardDelivery,
  WeComCardPreview,
  WeComCardPreviewRequest,
  WeComCardTemplate,
  WeComIncident,
  WeComIncidentInput,
  WeComIncidentPage,
  WeComIncidentPatch,
  WeComIncidentQuery,
  WeComIncidentTransition,
  WeComTimelineEntry,
  WeComUserPreferences,
} from '../incidents';
import type {
  WeComWarRoom,
  WeComWarRoomAvailability,
  WeComWarRoomCreateRequest,
  WeComWarRoomInviteRequest,
  WeComWarRoomQuery,
} from '../warRooms';
import type {
  WeComPostmortem,
  WeComPostmortemFile,
  WeComPostmortemPostResult,
} from '../postmortems';
import type { WeComApi } from './WeComApi';
import type { WeComClientOptions, WeComRequestOptions } from './options';
import {
  enc,
  incident,
  incidentsPath,
  integration,
  postmortem,
  warRoom,
  linkedUsersPath,
  postmortemFileName,
  warRoomsPath,
  WAR_ROOM_AVAILABILITY,
} from './paths';
import { WeComTransport } from './transport';

/**
 * The typed HTTP client of the `/api/wecom` routes, the one implementation
 * of {@link WeComApi}: the frontend plugin (both frontend systems) and the
 * scaffolder module both use it. Each method names its route in its body.
 *
 * @public
 */
export class WeComApiClient implements WeComApi {
  private readonly http: WeComTransport;

  constructor(options: WeComClientOptions) {
    this.http = new WeComTransport(options);
  }

  // Integrations

  listIntegrations(
    options?: WeComRequestOptions,
  ): Promise<WeComIntegrationView[]> {
    return this.http.items('/integrations', options);
  }

  getIntegration(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComIntegrationView> {
    return this.http.get(integration(id), options);
  }

  listSuites(options?: WeComRequestOptions): Promise<WeComSuiteSummary[]> {
    return this.http.items('/suites', options);
  }

  createIntegration(
    input: WeComIntegrationInput,
    options?: WeComRequestOptions,
  ): Promise<WeComIntegrationView> {
    return this.http.post('/integrations', input, options);
  }

  updateIntegration(
    id: string,
    input: WeComIntegrationInput,
    options?: WeComRequestOptions,
  ): Promise<WeComIntegrationView> {
    return this.http.put(integration(id), input, options);
  }

  async deleteIntegration(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<void> {
    await this.http.delete(integration(id), options);
  }

  testIntegration(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComHealthReport> {
    return this.http.post(`${integration(id)}/test`, undefined, options);
  }

  // Linked users

  listLinkedUsers(
    query: WeComLinkedUsersQuery = {},
    options?: WeComRequestOptions,
  ): Promise<WeComLinkedUsersPage> {
    return this.http.get(linkedUsersPath(query), options);
  }

  startOneClickLink(
    integrationId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComLinkRun> {
    return this.http.post(
      '/linked-users/one-click-link',
      { integrationId },
      options,
    );
  }

  async getLatestOneClickLink(
    integrationId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComLinkRun | undefined> {
    const body = await this.http.request<{ run: WeComLinkRun | null }>(
      'GET',
      `/linked-users/one-click-link?integration=${enc(integrationId)}`,
      undefined,
      options,
    );
    return body.run ?? undefined;
  }

  getOneClickLinkRun(
    runId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComLinkRun> {
    return this.http.get(
      `/linked-users/one-click-link/runs/${enc(runId)}`,
      options,
    );
  }

  linkUser(
    input: WeComManualLinkInput,
    options?: WeComRequestOptions,
  ): Promise<WeComLinkedUser> {
    return this.http.post('/linked-users/links', input, options);
  }

  async unlinkUser(
    input: { integrationId: string; entityRef: string },
    options?: WeComRequestOptions,
  ): Promise<void> {
    const params = new URLSearchParams({
      integration: input.integrationId,
      entityRef: input.entityRef,
    });
    await this.http.delete(`/linked-users/links?${params}`, options);
  }

  previewWorkspaceLink(
    ticket: string,
    options?: WeComRequestOptions,
  ): Promise<WeComWorkspaceLinkPreview> {
    // Bound to this browser's HttpOnly ticket cookie, as the link itself.
    return this.http.post(
      '/linked-users/workspace-link/preview',
      { ticket },
      { ...options, credentials: 'include' },
    );
  }

  completeWorkspaceLink(
    ticket: string,
    options?: WeComRequestOptions,
  ): Promise<WeComWorkspaceLinkResult> {
    // The ticket only counts together with the HttpOnly cookie the WeCom
    // login set in this browser, so a forwarded link cannot link someone
    // else; the app and the backend may be different origins.
    return this.http.post(
      '/linked-users/workspace-link',
      { ticket },
      { ...options, credentials: 'include' },
    );
  }

  // Incidents

  createIncident(
    input: WeComIncidentInput,
    options?: WeComRequestOptions,
  ): Promise<WeComIncident> {
    return this.http.post('/incidents', input, options);
  }

  listIncidents(
    query: WeComIncidentQuery = {},
    options?: WeComRequestOptions,
  ): Promise<WeComIncidentPage> {
    return this.http.get(incidentsPath(query), options);
  }

  getIncident(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComIncident> {
    return this.http.get(incident(id), options);
  }

  getIncidentTimeline(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComTimelineEntry[]> {
    return this.http.items(`${incident(id)}/timeline`, options);
  }

  transitionIncident(
    id: string,
    transition: WeComIncidentTransition,
    options?: WeComRequestOptions,
  ): Promise<WeComIncident> {
    return this.http.post(`${incident(id)}/transitions`, transition, options);
  }

  updateIncident(
    id: string,
    patch: WeComIncidentPatch,
    options?: WeComRequestOptions,
  ): Promise<WeComIncident> {
    return this.http.patch(incident(id), patch, options);
  }

  listIncidentDeliveries(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComCardDelivery[]> {
    return this.http.items(`${incident(id)}/deliveries`, options);
  }

  // Card templates

  listCardTemplates(
    integrationId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComCardTemplate[]> {
    const params = new URLSearchParams({ integration: integrationId });
    return this.http.items(`/templates?${params}`, options);
  }

  saveCardTemplate(
    template: WeComCardTemplate,
    options?: WeComRequestOptions,
  ): Promise<WeComCardTemplate> {
    return this.http.put('/templates', template, options);
  }

  async deleteCardTemplate(
    input: { integrationId: string; entityRef?: string },
    options?: WeComRequestOptions,
  ): Promise<void> {
    const params = new URLSearchParams({ integration: input.integrationId });
    if (input.entityRef) params.set('entityRef', input.entityRef);
    await this.http.delete(`/templates?${params}`, options);
  }

  previewCardTemplate(
    request: WeComCardPreviewRequest,
    options?: WeComRequestOptions,
  ): Promise<WeComCardPreview> {
    return this.http.post('/templates/preview', request, options);
  }

  // War Rooms

  /** `GET /incidents/:id/war-room` (a 404 answers undefined) */
  getWarRoom(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom | undefined> {
    return this.http.optional(warRoom(incidentId), options);
  }

  createWarRoom(
    incidentId: string,
    request: WeComWarRoomCreateRequest = {},
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom> {
    return this.http.post(warRoom(incidentId), request, options);
  }

  inviteToWarRoom(
    incidentId: string,
    request: WeComWarRoomInviteRequest,
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom> {
    return this.http.post(`${warRoom(incidentId)}/members`, request, options);
  }

  dismissWarRoom(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom> {
    return this.http.request('DELETE', warRoom(incidentId), undefined, options);
  }

  listWarRooms(
    query: WeComWarRoomQuery = {},
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom[]> {
    return this.http.items(warRoomsPath(query), options);
  }

  getWarRoomAvailability(
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoomAvailability> {
    return this.http.get(WAR_ROOM_AVAILABILITY, options);
  }

  // Post-mortems

  /** `GET /incidents/:id/postmortem` (a 404 answers undefined) */
  getPostmortem(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortem | undefined> {
    return this.http.optional(postmortem(incidentId), options);
  }

  generatePostmortem(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortem> {
    return this.http.post(postmortem(incidentId), undefined, options);
  }

  updatePostmortem(
    incidentId: string,
    markdown: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortem> {
    return this.http.put(postmortem(incidentId), { markdown }, options);
  }

  postPostmortemToWarRoom(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortemPostResult> {
    return this.http.post(`${postmortem(incidentId)}/post`, undefined, options);
  }

  /** `GET /incidents/:id/postmortem/markdown`, named as the backend says. */
  async downloadPostmortem(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortemFile> {
    const response = await this.http.send(
      'GET',
      `${postmortem(incidentId)}/markdown`,
      undefined,
      options,
    );
    const disposition = response.headers.get('content-disposition');
    return {
      fileName: postmortemFileName(disposition, incidentId),
      markdown: await response.text(),
    };
  }

  // Notification preferences

  getMyPreferences(
    options?: WeComRequestOptions,
  ): Promise<WeComUserPreferences> {
    return this.http.get('/preferences/me', options);
  }

  updateMyPreferences(
    preferences: WeComUserPreferences,
    options?: WeComRequestOptions,
  ): Promise<WeComUserPreferences> {
    return this.http.put('/preferences/me', preferences, options);
  }
}
