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
  WeComUserPreferences,
  WeComTimelineEntry,
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
import type { WeComRequestOptions } from './options';

/**
 * What the `/api/wecom` backend offers, for the WeCom pages (where the
 * `fetchApi` adds the signed-in user's token) and for backend callers such
 * as the scaffolder module (which pass a service token in the options).
 * Integrations come back as views: every secret is replaced by whether it is
 * set. Failures reject with a `ResponseError` from `@backstage/errors`.
 *
 * @public
 */
export interface WeComApi {
  // Integrations

  /** Lists every integration, from app-config and from the database. */
  listIntegrations(
    options?: WeComRequestOptions,
  ): Promise<WeComIntegrationView[]>;
  /** Reads one integration; rejects with a `ResponseError` (404) if unknown. */
  getIntegration(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComIntegrationView>;
  /**
   * The third-party suites configured in app-config (`wecom.suites`), for
   * the setup form: ids and names, never their secrets.
   */
  listSuites(options?: WeComRequestOptions): Promise<WeComSuiteSummary[]>;
  /** Stores a new integration made in the setup form. */
  createIntegration(
    input: WeComIntegrationInput,
    options?: WeComRequestOptions,
  ): Promise<WeComIntegrationView>;
  /** Changes an integration; an omitted secret keeps its stored value. */
  updateIntegration(
    id: string,
    input: WeComIntegrationInput,
    options?: WeComRequestOptions,
  ): Promise<WeComIntegrationView>;
  /** Deletes an integration made in the setup form. */
  deleteIntegration(id: string, options?: WeComRequestOptions): Promise<void>;
  /** Runs the health check against WeCom and reports each step. */
  testIntegration(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComHealthReport>;

  // Linked users

  /** One page of catalog users with their WeCom links, and the counts. */
  listLinkedUsers(
    query: WeComLinkedUsersQuery,
    options?: WeComRequestOptions,
  ): Promise<WeComLinkedUsersPage>;
  /**
   * Starts One-Click Link; answers at once with the running run. Rejects with
   * a 409 `ResponseError` while another run of the integration is running.
   */
  startOneClickLink(
    integrationId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComLinkRun>;
  /** The latest One-Click Link run of an integration, if there was one. */
  getLatestOneClickLink(
    integrationId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComLinkRun | undefined>;
  /** One One-Click Link run, to follow its progress. */
  getOneClickLinkRun(
    runId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComLinkRun>;
  /** An admin links one user to a WeCom userid. */
  linkUser(
    input: WeComManualLinkInput,
    options?: WeComRequestOptions,
  ): Promise<WeComLinkedUser>;
  /** An admin removes the link of one user. */
  unlinkUser(
    input: { integrationId: string; entityRef: string },
    options?: WeComRequestOptions,
  ): Promise<void>;
  /**
   * What the ticket of a login from the WeCom workspace would link to the
   * signed-in user, for them to confirm; does not use the ticket.
   */
  previewWorkspaceLink(
    ticket: string,
    options?: WeComRequestOptions,
  ): Promise<WeComWorkspaceLinkPreview>;
  /**
   * Links the signed-in user to the WeCom member named by the ticket of a
   * login from the WeCom workspace, once they confirmed.
   */
  completeWorkspaceLink(
    ticket: string,
    options?: WeComRequestOptions,
  ): Promise<WeComWorkspaceLinkResult>;

  // Incidents

  /** Opens an incident; answers it with its `id`. */
  createIncident(
    input: WeComIncidentInput,
    options?: WeComRequestOptions,
  ): Promise<WeComIncident>;
  /** One page of incidents, newest first, filtered by the query. */
  listIncidents(
    query: WeComIncidentQuery,
    options?: WeComRequestOptions,
  ): Promise<WeComIncidentPage>;
  /** One incident; rejects with a `ResponseError` (404) if unknown. */
  getIncident(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComIncident>;
  /** Everything that happened to an incident, oldest first. */
  getIncidentTimeline(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComTimelineEntry[]>;
  /**
   * Changes an incident's status. Rejects with a 409 `ResponseError` whose
   * message says why when the transition does not apply to its status.
   */
  transitionIncident(
    id: string,
    transition: WeComIncidentTransition,
    options?: WeComRequestOptions,
  ): Promise<WeComIncident>;
  /**
   * Replaces an incident's responders. An active War Room invites the new
   * ones; nobody is removed from its group.
   */
  updateIncident(
    id: string,
    patch: WeComIncidentPatch,
    options?: WeComRequestOptions,
  ): Promise<WeComIncident>;
  /** How each recipient's WeCom card of an incident fared. */
  listIncidentDeliveries(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComCardDelivery[]>;

  // Card templates

  /** The card templates of one integration (default and per service). */
  listCardTemplates(
    integrationId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComCardTemplate[]>;
  /** Stores a card template; needs `wecom.integration.manage`. */
  saveCardTemplate(
    template: WeComCardTemplate,
    options?: WeComRequestOptions,
  ): Promise<WeComCardTemplate>;
  /** Removes a card template; cards fall back to the next one in line. */
  deleteCardTemplate(
    input: { integrationId: string; entityRef?: string },
    options?: WeComRequestOptions,
  ): Promise<void>;
  /** Renders an incident's card with a (possibly unsaved) template. */
  previewCardTemplate(
    request: WeComCardPreviewRequest,
    options?: WeComRequestOptions,
  ): Promise<WeComCardPreview>;

  // War Rooms

  /** The incident's War Room, or undefined when it has none. */
  getWarRoom(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom | undefined>;
  /**
   * Creates the incident's War Room, finishes one whose creation stopped
   * part-way, or reopens a dismissed one. Rejects with a `ResponseError`
   * whose message says why (409: no War-Room integration, fewer than two
   * linked people; 502: WeCom refused a step).
   */
  createWarRoom(
    incidentId: string,
    request?: WeComWarRoomCreateRequest,
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom>;
  /** Adds followers (users or groups) to an active War Room. */
  inviteToWarRoom(
    incidentId: string,
    request: WeComWarRoomInviteRequest,
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom>;
  /**
   * Dismisses the War Room in Backstage and posts a closing message; the
   * WeCom group stays, as WeCom cannot delete group chats.
   */
  dismissWarRoom(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom>;
  /** War Rooms, newest first, e.g. those of one component's incidents. */
  listWarRooms(
    query: WeComWarRoomQuery,
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom[]>;
  /**
   * Whether War Rooms can be made at all, and if not why (no integration
   * has them enabled, or it is a third-party app).
   */
  getWarRoomAvailability(
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoomAvailability>;

  // Post-mortems

  /** The incident's post-mortem, or undefined when none was generated. */
  getPostmortem(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortem | undefined>;
  /**
   * Writes the post-mortem of a closed incident with the configured
   * analyzer, replacing an earlier one. Rejects with a `ResponseError`: 409
   * when the incident is not closed, 429 (with `Retry-After`) when one was
   * generated too recently.
   */
  generatePostmortem(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortem>;
  /** Replaces the post-mortem's text (at most 100 KB). */
  updatePostmortem(
    incidentId: string,
    markdown: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortem>;
  /** Posts the post-mortem to the incident's active War Room (409 if none). */
  postPostmortemToWarRoom(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortemPostResult>;
  /** The post-mortem as a markdown file, with the name to save it under. */
  downloadPostmortem(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortemFile>;

  // Notification preferences

  /** The signed-in user's notification settings. */
  getMyPreferences(
    options?: WeComRequestOptions,
  ): Promise<WeComUserPreferences>;
  /** Changes the signed-in user's notification settings. */
  updateMyPreferences(
    preferences: WeComUserPreferences,
    options?: WeComRequestOptions,
  ): Promise<WeComUserPreferences>;
}
