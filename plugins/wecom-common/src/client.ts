import { ResponseError } from '@backstage/errors';
import { WECOM_PLUGIN_ID } from './constants';
import {
  WeComHealthReport,
  WeComIntegrationInput,
  WeComIntegrationView,
  WeComSuiteSummary,
  WeComLinkedUser,
  WeComLinkedUsersPage,
  WeComLinkedUsersQuery,
  WeComLinkRun,
  WeComManualLinkInput,
  WeComWorkspaceLinkPreview,
  WeComWorkspaceLinkResult,
} from './types';
import {
  WeComCardDelivery,
  WeComCardPreview,
  WeComCardTemplate,
  WeComIncident,
  WeComIncidentInput,
  WeComIncidentPage,
  WeComIncidentPatch,
  WeComIncidentQuery,
  WeComIncidentTransition,
  WeComTimelineEntry,
  WeComUserPreferences,
} from './incidents';
import {
  WeComWarRoom,
  WeComWarRoomCreateRequest,
  WeComWarRoomInviteRequest,
  WeComWarRoomQuery,
} from './warRooms';
import {
  WeComPostmortem,
  WeComPostmortemFile,
  WeComPostmortemPostResult,
} from './postmortems';

/**
 * The body of `POST /templates/preview`: the card of an incident rendered
 * with the stored template of the integration (and service), or with an
 * unsaved `title` and `body` when given.
 *
 * @public
 */
export interface WeComCardPreviewRequest {
  integrationId: string;
  /** The service whose template applies; absent: the integration default. */
  entityRef?: string;
  incidentId: string;
  /** Unsaved template title to render instead of the stored one. */
  title?: string;
  /** Unsaved template body to render instead of the stored one. */
  body?: string;
}

/**
 * The two things the client needs to reach the backend; the frontend's
 * `discoveryApi`/`fetchApi` and the backend's `discovery` service plus a
 * token-adding fetch both fit.
 *
 * @public
 */
export interface WeComClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
}

/**
 * Options of a single request, e.g. a service token from the backend.
 *
 * @public
 */
export interface WeComRequestOptions {
  token?: string;
  /** Send the browser's cookies to the backend (cross-origin too). */
  credentials?: RequestCredentials;
}

/**
 * The typed HTTP client of the `/api/wecom` routes, shared by the frontend
 * plugin (both frontend systems) and the scaffolder module.
 *
 * @public
 */
export class WeComApiClient {
  private readonly discoveryApi: WeComClientOptions['discoveryApi'];
  private readonly fetchFn: typeof fetch;

  constructor(options: WeComClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchFn = options.fetchApi?.fetch ?? ((...a) => fetch(...a));
  }

  async listIntegrations(
    options?: WeComRequestOptions,
  ): Promise<WeComIntegrationView[]> {
    return this.requestItems<WeComIntegrationView>('/integrations', options);
  }

  /**
   * `GET /suites`: the third-party suites configured in app-config, for the
   * setup form's suite choice (ids and names only).
   */
  async listSuites(
    options?: WeComRequestOptions,
  ): Promise<WeComSuiteSummary[]> {
    return this.requestItems<WeComSuiteSummary>('/suites', options);
  }

  getIntegration(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComIntegrationView> {
    return this.request('GET', `/integrations/${enc(id)}`, undefined, options);
  }

  createIntegration(
    input: WeComIntegrationInput,
    options?: WeComRequestOptions,
  ): Promise<WeComIntegrationView> {
    return this.request('POST', '/integrations', input, options);
  }

  updateIntegration(
    id: string,
    input: WeComIntegrationInput,
    options?: WeComRequestOptions,
  ): Promise<WeComIntegrationView> {
    return this.request('PUT', `/integrations/${enc(id)}`, input, options);
  }

  async deleteIntegration(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<void> {
    await this.request(
      'DELETE',
      `/integrations/${enc(id)}`,
      undefined,
      options,
    );
  }

  testIntegration(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComHealthReport> {
    return this.request(
      'POST',
      `/integrations/${enc(id)}/test`,
      undefined,
      options,
    );
  }

  /** `GET /linked-users`: catalog users with their WeCom links, paged. */
  listLinkedUsers(
    query: WeComLinkedUsersQuery = {},
    options?: WeComRequestOptions,
  ): Promise<WeComLinkedUsersPage> {
    const params = new URLSearchParams();
    if (query.integrationId) params.set('integration', query.integrationId);
    if (query.filter) params.set('filter', query.filter);
    if (query.q) params.set('q', query.q);
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    return this.request(
      'GET',
      withQuery('/linked-users', params),
      undefined,
      options,
    );
  }

  /**
   * `POST /linked-users/one-click-link`: starts a run (answered at once with
   * its progress); a second start while one runs is a 409.
   */
  startOneClickLink(
    integrationId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComLinkRun> {
    return this.request(
      'POST',
      '/linked-users/one-click-link',
      { integrationId },
      options,
    );
  }

  /** The latest One-Click Link run of an integration, or undefined. */
  async getLatestOneClickLink(
    integrationId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComLinkRun | undefined> {
    const body = await this.request<{ run: WeComLinkRun | null }>(
      'GET',
      `/linked-users/one-click-link?integration=${enc(integrationId)}`,
      undefined,
      options,
    );
    return body.run ?? undefined;
  }

  /** One One-Click Link run by id. */
  getOneClickLinkRun(
    runId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComLinkRun> {
    return this.request(
      'GET',
      `/linked-users/one-click-link/runs/${enc(runId)}`,
      undefined,
      options,
    );
  }

  /** `POST /linked-users/links`: an admin links one user. */
  linkUser(
    input: WeComManualLinkInput,
    options?: WeComRequestOptions,
  ): Promise<WeComLinkedUser> {
    return this.request('POST', '/linked-users/links', input, options);
  }

  /** `DELETE /linked-users/links`: an admin unlinks one user. */
  async unlinkUser(
    input: { integrationId: string; entityRef: string },
    options?: WeComRequestOptions,
  ): Promise<void> {
    const params = new URLSearchParams({
      integration: input.integrationId,
      entityRef: input.entityRef,
    });
    await this.request(
      'DELETE',
      `/linked-users/links?${params}`,
      undefined,
      options,
    );
  }

  /**
   * `POST /linked-users/workspace-link/preview`: who the ticket (from the
   * workspace login) would link to the signed-in user, without using it.
   */
  previewWorkspaceLink(
    ticket: string,
    options?: WeComRequestOptions,
  ): Promise<WeComWorkspaceLinkPreview> {
    // Bound to this browser's HttpOnly ticket cookie, as the link itself.
    return this.request(
      'POST',
      '/linked-users/workspace-link/preview',
      { ticket },
      { ...options, credentials: 'include' },
    );
  }

  /**
   * `POST /linked-users/workspace-link`: links the signed-in user to the
   * WeCom member the ticket (from the workspace login) names.
   */
  completeWorkspaceLink(
    ticket: string,
    options?: WeComRequestOptions,
  ): Promise<WeComWorkspaceLinkResult> {
    // The ticket only counts together with the HttpOnly cookie the WeCom
    // login set in this browser, so a forwarded link cannot link someone
    // else; the app and the backend may be different origins.
    return this.request(
      'POST',
      '/linked-users/workspace-link',
      { ticket },
      { ...options, credentials: 'include' },
    );
  }

  /** `POST /incidents`: opens an incident; answers it with its `id`. */
  createIncident(
    input: WeComIncidentInput,
    options?: WeComRequestOptions,
  ): Promise<WeComIncident> {
    return this.request('POST', '/incidents', input, options);
  }

  /** `GET /incidents`: one page of incidents, newest first. */
  listIncidents(
    query: WeComIncidentQuery = {},
    options?: WeComRequestOptions,
  ): Promise<WeComIncidentPage> {
    const params = new URLSearchParams();
    if (query.status?.length) params.set('status', query.status.join(','));
    if (query.severity?.length) {
      params.set('severity', query.severity.join(','));
    }
    if (query.entityRef) params.set('entityRef', query.entityRef);
    if (query.q) params.set('q', query.q);
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    return this.request(
      'GET',
      withQuery('/incidents', params),
      undefined,
      options,
    );
  }

  /** `GET /incidents/:id`; rejects with a 404 `ResponseError` if unknown. */
  getIncident(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComIncident> {
    return this.request('GET', `/incidents/${enc(id)}`, undefined, options);
  }

  /** `GET /incidents/:id/timeline`: every change of the incident. */
  async getIncidentTimeline(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComTimelineEntry[]> {
    return this.requestItems<WeComTimelineEntry>(
      `/incidents/${enc(id)}/timeline`,
      options,
    );
  }

  /**
   * `POST /incidents/:id/transitions`: starts processing, closes, snoozes or
   * reopens. A transition that does not apply is a 409 saying why.
   */
  transitionIncident(
    id: string,
    transition: WeComIncidentTransition,
    options?: WeComRequestOptions,
  ): Promise<WeComIncident> {
    return this.request(
      'POST',
      `/incidents/${enc(id)}/transitions`,
      transition,
      options,
    );
  }

  /** `GET /incidents/:id/deliveries`: how each recipient's card fared. */
  async listIncidentDeliveries(
    id: string,
    options?: WeComRequestOptions,
  ): Promise<WeComCardDelivery[]> {
    return this.requestItems<WeComCardDelivery>(
      `/incidents/${enc(id)}/deliveries`,
      options,
    );
  }

  /** `GET /templates`: the card templates of one integration. */
  async listCardTemplates(
    integrationId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComCardTemplate[]> {
    return this.requestItems<WeComCardTemplate>(
      `/templates?${new URLSearchParams({ integration: integrationId })}`,
      options,
    );
  }

  /** `PUT /templates`: stores the template of an integration (or service). */
  saveCardTemplate(
    template: WeComCardTemplate,
    options?: WeComRequestOptions,
  ): Promise<WeComCardTemplate> {
    return this.request('PUT', '/templates', template, options);
  }

  /** `DELETE /templates`: cards fall back to the next template in line. */
  async deleteCardTemplate(
    input: { integrationId: string; entityRef?: string },
    options?: WeComRequestOptions,
  ): Promise<void> {
    const params = new URLSearchParams({ integration: input.integrationId });
    if (input.entityRef) params.set('entityRef', input.entityRef);
    await this.request('DELETE', `/templates?${params}`, undefined, options);
  }

  /** `POST /templates/preview`: the card as WeCom would get it. */
  previewCardTemplate(
    request: WeComCardPreviewRequest,
    options?: WeComRequestOptions,
  ): Promise<WeComCardPreview> {
    return this.request('POST', '/templates/preview', request, options);
  }

  /** `GET /preferences/me`: the signed-in user's notification settings. */
  getMyPreferences(
    options?: WeComRequestOptions,
  ): Promise<WeComUserPreferences> {
    return this.request('GET', '/preferences/me', undefined, options);
  }

  /** `PUT /preferences/me`: changes the signed-in user's settings. */
  updateMyPreferences(
    preferences: WeComUserPreferences,
    options?: WeComRequestOptions,
  ): Promise<WeComUserPreferences> {
    return this.request('PUT', '/preferences/me', preferences, options);
  }

  /**
   * `GET /incidents/:id/war-room`: the incident's War Room, or undefined
   * when it has none.
   */
  async getWarRoom(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom | undefined> {
    return this.requestOptional<WeComWarRoom>(
      `/incidents/${enc(incidentId)}/war-room`,
      options,
    );
  }

  /**
   * `POST /incidents/:id/war-room`: creates the War Room, or finishes one
   * whose creation stopped part-way; answers the War Room as it is now.
   */
  createWarRoom(
    incidentId: string,
    request: WeComWarRoomCreateRequest = {},
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom> {
    return this.request(
      'POST',
      `/incidents/${enc(incidentId)}/war-room`,
      request,
      options,
    );
  }

  /** `POST /incidents/:id/war-room/members`: invites more people. */
  inviteToWarRoom(
    incidentId: string,
    request: WeComWarRoomInviteRequest,
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom> {
    return this.request(
      'POST',
      `/incidents/${enc(incidentId)}/war-room/members`,
      request,
      options,
    );
  }

  /**
   * `DELETE /incidents/:id/war-room`: dismisses the War Room. The WeCom
   * group stays (WeCom cannot delete group chats).
   */
  dismissWarRoom(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom> {
    return this.request(
      'DELETE',
      `/incidents/${enc(incidentId)}/war-room`,
      undefined,
      options,
    );
  }

  /** `GET /war-rooms`: War Rooms, newest first, e.g. of one service's incidents. */
  async listWarRooms(
    query: WeComWarRoomQuery = {},
    options?: WeComRequestOptions,
  ): Promise<WeComWarRoom[]> {
    const params = new URLSearchParams();
    if (query.entityRef) params.set('entityRef', query.entityRef);
    if (query.status?.length) params.set('status', query.status.join(','));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    return this.requestItems<WeComWarRoom>(
      withQuery('/war-rooms', params),
      options,
    );
  }

  /**
   * `PATCH /incidents/:id`: changes the incident's responders; an active
   * War Room invites the new ones.
   */
  updateIncident(
    id: string,
    patch: WeComIncidentPatch,
    options?: WeComRequestOptions,
  ): Promise<WeComIncident> {
    return this.request('PATCH', `/incidents/${enc(id)}`, patch, options);
  }

  /**
   * `GET /incidents/:id/postmortem`: the incident's post-mortem, or
   * undefined when none was generated yet.
   */
  async getPostmortem(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortem | undefined> {
    return this.requestOptional<WeComPostmortem>(
      `/incidents/${enc(incidentId)}/postmortem`,
      options,
    );
  }

  /**
   * `POST /incidents/:id/postmortem`: writes the post-mortem of a closed
   * incident with the configured analyzer, replacing an earlier one. A 409
   * says the incident is not closed; a 429 (with `Retry-After`) that one
   * was generated too recently.
   */
  generatePostmortem(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortem> {
    return this.request(
      'POST',
      `/incidents/${enc(incidentId)}/postmortem`,
      undefined,
      options,
    );
  }

  /** `PUT /incidents/:id/postmortem`: replaces the text (at most 100 KB). */
  updatePostmortem(
    incidentId: string,
    markdown: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortem> {
    return this.request(
      'PUT',
      `/incidents/${enc(incidentId)}/postmortem`,
      { markdown },
      options,
    );
  }

  /**
   * `POST /incidents/:id/postmortem/post`: posts the post-mortem to the
   * incident's active War Room (409 when there is none).
   */
  postPostmortemToWarRoom(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortemPostResult> {
    return this.request(
      'POST',
      `/incidents/${enc(incidentId)}/postmortem/post`,
      undefined,
      options,
    );
  }

  /**
   * `GET /incidents/:id/postmortem/markdown`: the post-mortem as the
   * markdown file to save, with the name the backend gives it.
   */
  async downloadPostmortem(
    incidentId: string,
    options?: WeComRequestOptions,
  ): Promise<WeComPostmortemFile> {
    const response = await this.send(
      'GET',
      `/incidents/${enc(incidentId)}/postmortem/markdown`,
      undefined,
      options,
    );
    const disposition = response.headers.get('content-disposition') ?? '';
    const fileName =
      /filename="([^"]+)"/.exec(disposition)?.[1] ??
      `postmortem-${incidentId.slice(0, 8)}.md`;
    return { fileName, markdown: await response.text() };
  }

  /** A `GET` whose answer lists its results as `{ items }`. */
  protected async requestItems<T>(
    path: string,
    options?: WeComRequestOptions,
  ): Promise<T[]> {
    const body = await this.request<{ items: T[] }>(
      'GET',
      path,
      undefined,
      options,
    );
    return body.items;
  }

  /** A `GET` of something that may not exist: a 404 answers undefined. */
  protected async requestOptional<T>(
    path: string,
    options?: WeComRequestOptions,
  ): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', path, undefined, options);
    } catch (error) {
      if (error instanceof ResponseError && error.response.status === 404) {
        return undefined;
      }
      throw error;
    }
  }

  /** Sends one request; any non-2xx answer becomes a `ResponseError`. */
  protected async request<T>(
    method: string,
    path: string,
    body?: unknown,
    options?: WeComRequestOptions,
  ): Promise<T> {
    const response = await this.send(method, path, body, options);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** Sends one request and answers the 2xx response as it came. */
  protected async send(
    method: string,
    path: string,
    body?: unknown,
    options?: WeComRequestOptions,
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(WECOM_PLUGIN_ID);
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options?.token) headers.Authorization = `Bearer ${options.token}`;
    const response = await this.fetchFn(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      ...(options?.credentials ? { credentials: options.credentials } : {}),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

/** The path with its query string, leaving off the `?` when there is none. */
function withQuery(path: string, params: URLSearchParams): string {
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
