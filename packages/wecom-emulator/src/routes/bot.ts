import { Router } from 'express';
import { ErrCode, WeComError } from '../errcodes';
import type { EmulatorState } from '../state';
import { wecomHandler } from './respond';

/**
 * `POST /cgi-bin/aibot/response?response_code`: the one-time response_url a
 * bot message carries, for a later active reply (plain JSON, ~1 hour).
 */
export function botRoutes(state: EmulatorState): Router {
  const router = Router();
  router.post(
    '/aibot/response',
    wecomHandler(req => {
      const code =
        typeof req.query.response_code === 'string'
          ? req.query.response_code
          : '';
      const grant = state.responseUrls.redeem(code, state.clock.millis());
      if (!grant)
        throw new WeComError(
          ErrCode.INVALID_RESPONSE_CODE,
          'invalid response_code',
        );
      const body = req.body as { msgtype?: unknown } | undefined;
      if (typeof body?.msgtype !== 'string') {
        throw new WeComError(ErrCode.INVALID_MSGTYPE, 'invalid message type');
      }
      state.bot.activeReplies.push({
        botId: grant.botId,
        at: state.nowIso(),
        inReplyTo: grant.msgid,
        body,
      });
      return {};
    }),
  );
  return router;
}
