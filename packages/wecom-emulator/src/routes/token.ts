import { Router } from 'express';
import { ErrCode, WeComError } from '../errcodes';
import type { EmulatorState } from '../state';
import { wecomHandler } from './respond';

/** `GET /cgi-bin/gettoken?corpid&corpsecret`. */
export function tokenRoutes(state: EmulatorState): Router {
  const router = Router();
  router.get(
    '/gettoken',
    wecomHandler(req => {
      const corpId = String(req.query.corpid ?? '');
      const secret = String(req.query.corpsecret ?? '');
      const corp = state.directory.corps.get(corpId);
      if (!corp) throw new WeComError(ErrCode.INVALID_CORPID, 'invalid corpid');
      const app = corp.findAppBySecret(secret);
      if (!app)
        throw new WeComError(ErrCode.INVALID_SECRET, 'invalid credential');
      return {
        access_token: state.tokens.issueCorpToken(
          corpId,
          app.agentId,
          state.clock.millis(),
        ),
        expires_in: state.tokens.ttl,
      };
    }),
  );
  return router;
}
