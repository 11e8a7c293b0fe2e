import { ResponseError } from '@backstage/errors';
import { WECOM_PLUGIN_ID } from './constants';
import {
  WeComHealthReport,
  WeComIntegrationInput,
  WeComIntegrationView,
  WeComLinkedUser,
  WeComLinkedUsersPage,
  WeComLinkedUsersQuery,
  WeComLinkRun,
  WeComManualLinkInput,
  WeComWorkspaceLinkResult,
} from './types';

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
    const body = await this.request<{ items: WeComIntegrationView[] }>(
      'GET',
      '/integrations',
      undefined,
      options,
    );
    return body.items;
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
    const search = params.toString();
    return this.request(
      'GET',
      `/linked-users${search ? `?${search}` : ''}`,
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

  /** Sends one request; any non-2xx answer becomes a `ResponseError`. */
  protected async request<T>(
    method: string,
    path: string,
    body?: unknown,
    options?: WeComRequestOptions,
  ): Promise<T> {
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
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
