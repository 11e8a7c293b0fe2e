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
