/**
 * The receiver could not be reached or did not answer in time.
 *
 * @public
 */
export class CallbackDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallbackDeliveryError';
  }
}

/** What a callback receiver answered. */
export interface DeliveryResponse {
  status: number;
  body: string;
}

/**
 * Calls a callback receiver as WeCom does, giving up after `timeoutMs` (WeCom
 * waits about 5 seconds). Network failures reject with the URL's origin only.
 */
export async function deliver(
  url: string,
  query: Record<string, string>,
  init: {
    method: 'GET' | 'POST';
    body?: string;
    contentType?: string;
    timeoutMs: number;
  },
): Promise<DeliveryResponse> {
  const target = new URL(url);
  for (const [name, value] of Object.entries(query))
    target.searchParams.set(name, value);
  try {
    const response = await fetch(target, {
      method: init.method,
      body: init.body,
      headers: init.contentType
        ? { 'content-type': init.contentType }
        : undefined,
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    throw new CallbackDeliveryError(
      `Callback to ${target.origin}${target.pathname} failed: ${
        (error as Error).message
      }`,
    );
  }
}
