/**
 * A fault to inject into the next calls of one API.
 *
 * @public
 */
export interface FaultSpec {
  /** `message/send`, `/cgi-bin/message/send` or `*` for every API. */
  api: string;
  errcode: number;
  /** How many calls fail. Default 1. */
  times?: number;
  errmsg?: string;
  /** Answer with this HTTP status instead of 200 (e.g. 502 for a gateway fault). */
  httpStatus?: number;
}

/** Normalizes `/cgi-bin/message/send` and `message/send` to the latter. */
export function apiName(path: string): string {
  return path.replace(/^\/+/, '').replace(/^cgi-bin\//, '');
}

/** Pending injected faults per API, consumed one per call. */
export class FaultInjector {
  readonly #pending = new Map<
    string,
    Array<Required<Omit<FaultSpec, 'httpStatus'>> & { httpStatus?: number }>
  >();

  add(spec: FaultSpec): void {
    const api = spec.api === '*' ? '*' : apiName(spec.api);
    const queue = this.#pending.get(api) ?? [];
    queue.push({
      api,
      errcode: spec.errcode,
      times: spec.times ?? 1,
      errmsg: spec.errmsg ?? `fault injected by the emulator (${spec.errcode})`,
      httpStatus: spec.httpStatus,
    });
    this.#pending.set(api, queue);
  }

  /** The fault for this call of `api`, if one is pending. */
  take(
    api: string,
  ): { errcode: number; errmsg: string; httpStatus?: number } | undefined {
    for (const key of [api, '*']) {
      const queue = this.#pending.get(key);
      const fault = queue?.[0];
      if (!queue || !fault) continue;
      fault.times--;
      if (fault.times <= 0) queue.shift();
      if (queue.length === 0) this.#pending.delete(key);
      return {
        errcode: fault.errcode,
        errmsg: fault.errmsg,
        httpStatus: fault.httpStatus,
      };
    }
    return undefined;
  }

  pending(): FaultSpec[] {
    return [...this.#pending.values()].flat().map(f => ({ ...f }));
  }

  clear(): void {
    this.#pending.clear();
  }
}
