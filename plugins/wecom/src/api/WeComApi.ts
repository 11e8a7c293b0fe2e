import { createApiRef } from '@backstage/core-plugin-api';
import type {
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

/**
 * What the WeCom pages need from the `/api/wecom` backend. Integrations come
 * back as views: every secret is replaced by whether it is set.
 *
 * @public
 */
export interface WeComApi {
  /** Lists every integration, from app-config and from the database. */
  listIntegrations(): Promise<WeComIntegrationView[]>;
  /** Reads one integration; rejects with a `ResponseError` (404) if unknown. */
  getIntegration(id: string): Promise<WeComIntegrationView>;
  /**
   * The third-party suites configured in app-config (`wecom.suites`), for
   * the setup form: ids and names, never their secrets.
   */
  listSuites(): Promise<WeComSuiteSummary[]>;
  /** Stores a new integration made in the setup form. */
  createIntegration(
    input: WeComIntegrationInput,
  ): Promise<WeComIntegrationView>;
  /** Changes an integration; an omitted secret keeps its stored value. */
  updateIntegration(
    id: string,
    input: WeComIntegrationInput,
  ): Promise<WeComIntegrationView>;
  /** Deletes an integration made in the setup form. */
  deleteIntegration(id: string): Promise<void>;
  /** Runs the health check against WeCom and reports each step. */
  testIntegration(id: string): Promise<WeComHealthReport>;
  /** One page of catalog users with their WeCom links, and the counts. */
  listLinkedUsers(query: WeComLinkedUsersQuery): Promise<WeComLinkedUsersPage>;
  /**
   * Starts One-Click Link; answers at once with the running run. Rejects with
   * a 409 `ResponseError` while another run of the integration is running.
   */
  startOneClickLink(integrationId: string): Promise<WeComLinkRun>;
  /** The latest One-Click Link run of an integration, if there was one. */
  getLatestOneClickLink(
    integrationId: string,
  ): Promise<WeComLinkRun | undefined>;
  /** One One-Click Link run, to follow its progress. */
  getOneClickLinkRun(runId: string): Promise<WeComLinkRun>;
  /** An admin links one user to a WeCom userid. */
  linkUser(input: WeComManualLinkInput): Promise<WeComLinkedUser>;
  /** An admin removes the link of one user. */
  unlinkUser(input: {
    integrationId: string;
    entityRef: string;
  }): Promise<void>;
  /**
   * What the ticket of a login from the WeCom workspace would link to the
   * signed-in user, for them to confirm; does not use the ticket.
   */
  previewWorkspaceLink(ticket: string): Promise<WeComWorkspaceLinkPreview>;
  /**
   * Links the signed-in user to the WeCom member named by the ticket of a
   * login from the WeCom workspace, once they confirmed.
   */
  completeWorkspaceLink(ticket: string): Promise<WeComWorkspaceLinkResult>;
  /** Opens an incident; answers it with its `id`. */
  createIncident(input: WeComIncidentInput): Promise<WeComIncident>;
  /** One page of incidents, newest first, filtered by the query. */
  listIncidents(query: WeComIncidentQuery): Promise<WeComIncidentPage>;
  /** One incident; rejects with a `ResponseError` (404) if unknown. */
  getIncident(id: string): Promise<WeComIncident>;
  /** Everything that happened to an incident, oldest first. */
  getIncidentTimeline(id: string): Promise<WeComTimelineEntry[]>;
  /**
   * Changes an incident's status. Rejects with a 409 `ResponseError` whose
   * message says why when the transition does not apply to its status.
   */
  transitionIncident(
    id: string,
    transition: WeComIncidentTransition,
  ): Promise<WeComIncident>;
  /**
   * Replaces an incident's responders. An active War Room invites the new
   * ones; nobody is removed from its group.
   */
  updateIncident(id: string, patch: WeComIncidentPatch): Promise<WeComIncident>;
  /** How each recipient's WeCom card of an incident fared. */
  listIncidentDeliveries(id: string): Promise<WeComCardDelivery[]>;
  /** The card templates of one integration (default and per service). */
  listCardTemplates(integrationId: string): Promise<WeComCardTemplate[]>;
  /** Stores a card template; needs `wecom.integration.manage`. */
  saveCardTemplate(template: WeComCardTemplate): Promise<WeComCardTemplate>;
  /** Removes a card template; cards fall back to the next one in line. */
  deleteCardTemplate(input: {
    integrationId: string;
    entityRef?: string;
  }): Promise<void>;
  /** Renders an incident's card with a (possibly unsaved) template. */
  previewCardTemplate(
    request: WeComCardPreviewRequest,
  ): Promise<WeComCardPreview>;
  /** The incident's War Room, or undefined when it has none. */
  getWarRoom(incidentId: string): Promise<WeComWarRoom | undefined>;
  /**
   * Creates the incident's War Room, finishes one whose creation stopped
   * part-way, or reopens a dismissed one. Rejects with a `ResponseError`
   * whose message says why (409: no War-Room integration, fewer than two
   * linked people; 502: WeCom refused a step).
   */
  createWarRoom(
    incidentId: string,
    request?: WeComWarRoomCreateRequest,
  ): Promise<WeComWarRoom>;
  /** Adds followers (users or groups) to an active War Room. */
  inviteToWarRoom(
    incidentId: string,
    request: WeComWarRoomInviteRequest,
  ): Promise<WeComWarRoom>;
  /**
   * Dismisses the War Room in Backstage and posts a closing message; the
   * WeCom group stays, as WeCom cannot delete group chats.
   */
  dismissWarRoom(incidentId: string): Promise<WeComWarRoom>;
  /** War Rooms, newest first, e.g. those of one component's incidents. */
  listWarRooms(query: WeComWarRoomQuery): Promise<WeComWarRoom[]>;
  /** The incident's post-mortem, or undefined when none was generated. */
  getPostmortem(incidentId: string): Promise<WeComPostmortem | undefined>;
  /**
   * Writes the post-mortem of a closed incident with the configured
   * analyzer, replacing an earlier one. Rejects with a `ResponseError`: 409
   * when the incident is not closed, 429 (with `Retry-After`) when one was
   * generated too recently.
   */
  generatePostmortem(incidentId: string): Promise<WeComPostmortem>;
  /** Replaces the post-mortem's text (at most 100 KB). */
  updatePostmortem(
    incidentId: string,
    markdown: string,
  ): Promise<WeComPostmortem>;
  /** Posts the post-mortem to the incident's active War Room. */
  postPostmortemToWarRoom(
    incidentId: string,
  ): Promise<WeComPostmortemPostResult>;
  /** The post-mortem as a markdown file, with the name to save it under. */
  downloadPostmortem(incidentId: string): Promise<WeComPostmortemFile>;
  /** The signed-in user's notification settings. */
  getMyPreferences(): Promise<WeComUserPreferences>;
  /** Changes the signed-in user's notification settings. */
  updateMyPreferences(
    preferences: WeComUserPreferences,
  ): Promise<WeComUserPreferences>;
}

/**
 * The reference to the {@link WeComApi}, shared by both frontend systems.
 *
 * @public
 */
export const wecomApiRef = createApiRef<WeComApi>({ id: 'plugin.wecom.api' });
