import { ResponseError } from '@backstage/errors';
import { WECOM_PLUGIN_ID } from '../constants';
import type { WeComClientOptions, WeComRequestOptions } from './options';

/**
 * Sends JSON requests to the `/api/wecom` backend; every non-2xx answer
 * becomes a `ResponseError`. The client's methods only name the route.
 */
export class WeComTransport {
  private readonly discoveryApi: WeComClientOptions['discoveryApi'];
  private readonly fetchFn: typeof fetch;

  constructor(options: WeComClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchFn = options.fetchApi?.fetch ?? ((...a) => fetch(...a));
  }

  /** A `GET` whose answer lists its results as `{ items }`. */
  async items<T>(path: string, options?: WeComRequestOptions): Promise<T[]> {
    const body = await this.request<{ items: T[] }>(
      'GET',
      path,
      undefined,
      options,
    );
    return body.items;
  }

  /** A `GET` of something that may not exist: a 404 answers undefined. */
  async optional<T>(
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

  get<T>(path: string, options?: WeComRequestOptions): Promise<T> {
    return this.request('GET', path, undefined, options);
  }

  post<T>(
    path: string,
    body: unknown,
    options?: WeComRequestOptions,
  ): Promise<T> {
    return this.request('POST', path, body, options);
  }

  put<T>(
    path: string,
    body: unknown,
    options?: WeComRequestOptions,
  ): Promise<T> {
    return this.request('PUT', path, body, options);
  }

  patch<T>(
    path: string,
    body: unknown,
    options?: WeComRequestOptions,
  ): Promise<T> {
    return this.request('PATCH', path, body, options);
  }

  async delete(path: string, options?: WeComRequestOptions): Promise<void> {
    await this.request('DELETE', path, undefined, options);
  }

  /** Sends one request and answers its JSON body (undefined for a 204). */
  async request<T>(
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
  async send(
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
