import type { NextFunction, Request, Response } from 'express';
import { ErrCode, WeComError } from '../errcodes';
import { apiName } from '../faults';
import type { EmulatorState } from '../state';
import { sendError } from './respond';

/** Records every /cgi-bin call with the errcode it answered. */
export function recordCalls(state: EmulatorState) {
  return (req: Request, res: Response, next: NextFunction) => {
    const api = apiName(req.path);
    let errcode = 0;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const code = (body as { errcode?: unknown } | undefined)?.errcode;
      errcode = typeof code === 'number' ? code : 0;
      return json(body);
    };
    res.on('finish', () => {
      if (res.statusCode >= 500 && errcode === 0) errcode = -1;
      state.callLog.record({ api, at: state.nowIso(), errcode });
    });
    next();
  };
}

/** Holds each call of an API for its configured latency before handling it. */
export function delayCalls(state: EmulatorState) {
  return (req: Request, _res: Response, next: NextFunction) =>
    state.latency.hold(apiName(req.path), next, cardTaskIdOf(req.body));
}

/** The task_id of the card a send or update carries, if any. */
function cardTaskIdOf(body: unknown): string | undefined {
  const content = body as
    | {
        template_card?: { task_id?: unknown };
        task_id?: unknown;
      }
    | undefined;
  const taskId = content?.template_card?.task_id ?? content?.task_id;
  return typeof taskId === 'string' ? taskId : undefined;
}

/** Answers the next call of an API with an injected fault, if one is pending. */
export function injectFaults(state: EmulatorState) {
  return (req: Request, res: Response, next: NextFunction) => {
    const fault = state.faults.take(apiName(req.path));
    if (!fault) {
      next();
      return;
    }
    res
      .status(fault.httpStatus ?? 200)
      .json({ errcode: fault.errcode, errmsg: fault.errmsg });
  };
}

/**
 * Resolves `access_token` to its corp and app, then applies what WeCom checks
 * before any API: the app's trusted IPs and the per-corp-per-API rate limit.
 */
export function requireCorpToken(state: EmulatorState) {
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      const token =
        typeof req.query.access_token === 'string'
          ? req.query.access_token
          : undefined;
      const grant = state.tokens.checkCorpToken(token, state.clock.millis());
      const corp = state.directory.corp(grant.corpId);
      const app = state.directory.app(corp, grant.agentId);
      const ip = callerIp(req);
      if (app.trustedIps?.length && !app.trustedIps.some(t => sameIp(t, ip))) {
        throw new WeComError(
          ErrCode.IP_NOT_TRUSTED,
          `not allow to access from your ip, from ip: ${ip}`,
        );
      }
      const perApi = state.rateLimits.perCorpApiPerMinute;
      if (perApi !== undefined) {
        const key = `corp-api/${corp.corpId}/${apiName(req.path)}`;
        if (state.limits.tryConsume([key], perApi, state.clock.millis())) {
          throw new WeComError(
            ErrCode.API_FREQ_OUT_OF_LIMIT,
            'api freq out of limit',
          );
        }
      }
      res.locals.caller = {
        corp,
        app,
        ...(grant.suiteId && { suiteId: grant.suiteId }),
      };
      next();
    } catch (error) {
      if (error instanceof WeComError) sendError(res, error);
      else next(error);
    }
  };
}

function callerIp(req: Request): string {
  return normalizeIp(req.socket.remoteAddress ?? '');
}

function normalizeIp(ip: string): string {
  const mapped = ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip;
  // The two loopbacks are one machine: a trusted 127.0.0.1 also admits ::1.
  return mapped === '::1' ? '127.0.0.1' : mapped;
}

function sameIp(trusted: string, ip: string): boolean {
  return normalizeIp(trusted) === ip;
}
