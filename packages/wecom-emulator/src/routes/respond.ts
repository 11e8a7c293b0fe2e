import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { ErrCode, WeComError } from '../errcodes';
import type { CorpDirectory } from '../directory';
import type { EmulatorApp } from '../types';

/** The corp and app an access token acts as (set by `requireCorpToken`). */
export interface Caller {
  corp: CorpDirectory;
  app: EmulatorApp;
  /** The suite whose corp token (get_corp_token) made the call, if any. */
  suiteId?: string;
}

export function callerOf(res: Response): Caller {
  return res.locals.caller as Caller;
}

/**
 * Runs a WeCom API handler: its result is merged into `{errcode: 0, errmsg:
 * 'ok'}`, a thrown WeComError becomes `{errcode, errmsg}` with HTTP 200, as
 * WeCom answers errors.
 */
export function wecomHandler(
  handle: (req: Request, res: Response) => object | Promise<object>,
) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const result = await handle(req, res);
      res.json({ errcode: ErrCode.OK, errmsg: 'ok', ...result });
    } catch (error) {
      if (error instanceof WeComError) sendError(res, error);
      else next(error);
    }
  };
}

export function sendError(res: Response, error: WeComError): void {
  res.json({ errcode: error.errcode, errmsg: error.message, ...error.details });
}

/** Validates a request body; a mismatch answers 40058 naming the field. */
export function parseBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  throw new WeComError(
    ErrCode.INVALID_PARAMETER,
    `invalid parameter ${field}: ${issue?.message ?? 'invalid'}`,
  );
}

/** WeCom answers 40056 when the body's agentid is not the token's app. */
export function assertAgent(caller: Caller, agentid: number | undefined): void {
  if (agentid !== undefined && agentid !== caller.app.agentId) {
    throw new WeComError(ErrCode.INVALID_AGENTID, 'invalid agentid');
  }
}

/**
 * The content of a message body: `body[msgtype]`, for a type the API
 * takes (40008 otherwise), and not empty (41009 otherwise).
 */
export function messageContent(
  body: { msgtype: string } & Record<string, unknown>,
  types: ReadonlySet<string>,
): object {
  if (!types.has(body.msgtype)) {
    throw new WeComError(
      ErrCode.INVALID_MSGTYPE,
      `invalid message type ${body.msgtype}`,
    );
  }
  const content = body[body.msgtype];
  if (typeof content !== 'object' || content === null) {
    throw new WeComError(
      ErrCode.EMPTY_CONTENT,
      `${body.msgtype} content is empty`,
    );
  }
  return content;
}
