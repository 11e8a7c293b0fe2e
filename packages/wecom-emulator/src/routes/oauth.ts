import { Router } from 'express';
import { ErrCode, WeComError } from '../errcodes';
import type { EmulatorState } from '../state';
import { callerOf, wecomHandler } from './respond';

/**
 * `GET /connect/oauth2/authorize`: plays the WeCom client, which signs the
 * current member in silently (snsapi_base) and redirects back with a code.
 */
export function oauthPageRoutes(state: EmulatorState): Router {
  const router = Router();
  router.get('/connect/oauth2/authorize', (req, res) => {
    const appid = String(req.query.appid ?? '');
    // A third-party app's link names its suite_id as appid (page 91120,
    // 构造第三方应用oauth2链接); the code then belongs to the suite.
    const suite = state.directory.suite(appid);
    const corp = suite?.corp ?? state.directory.corps.get(appid);
    if (!corp) {
      res.status(400).type('text/plain').send('Unknown appid (corp id).');
      return;
    }
    const agentId =
      req.query.agentid === undefined ? undefined : Number(req.query.agentid);
    if (agentId !== undefined && !corp.apps.has(agentId)) {
      res.status(400).type('text/plain').send('Unknown agentid.');
      return;
    }
    let redirect: URL;
    try {
      redirect = new URL(String(req.query.redirect_uri ?? ''));
    } catch {
      res
        .status(400)
        .type('text/plain')
        .send('redirect_uri must be an absolute URL.');
      return;
    }
    const userid = corp.currentUserId;
    if (!userid) {
      res
        .status(400)
        .type('text/plain')
        .send('No member is signed in to the emulated WeCom client.');
      return;
    }
    const code = state.oauthCodes.issue(
      {
        corpId: corp.corpId,
        userid,
        ...(suite && { suiteId: suite.suite.suiteId }),
      },
      state.clock.millis(),
    );
    redirect.searchParams.set('code', code);
    if (typeof req.query.state === 'string')
      redirect.searchParams.set('state', req.query.state);
    res.redirect(302, redirect.toString());
  });
  return router;
}

/** `GET /cgi-bin/auth/getuserinfo?code`: a code is valid 5 minutes, once. */
export function oauthApiRoutes(state: EmulatorState): Router {
  const router = Router();
  router.get(
    '/auth/getuserinfo',
    wecomHandler((req, res) => {
      const caller = callerOf(res);
      const code = typeof req.query.code === 'string' ? req.query.code : '';
      if (!code) throw new WeComError(ErrCode.MISSING_CODE, 'missing code');
      const grant = state.oauthCodes.redeem(code, state.clock.millis());
      if (!grant || grant.corpId !== caller.corp.corpId || grant.suiteId) {
        throw new WeComError(ErrCode.INVALID_OAUTH_CODE, 'invalid code');
      }
      return { userid: grant.userid };
    }),
  );
  return router;
}

/**
 * `GET /cgi-bin/service/auth/getuserinfo3rd?suite_access_token&code` (page
 * 91121): a third-party app's sign-in code, redeemed with the suite token;
 * answers the member's corpid, userid and open_userid. A code is valid 5
 * minutes, once, for the suite whose link issued it.
 */
export function oauthSuiteRoutes(state: EmulatorState): Router {
  const router = Router();
  router.get(
    '/service/auth/getuserinfo3rd',
    wecomHandler(req => {
      const token = req.query.suite_access_token;
      const { suiteId } = state.tokens.checkSuiteToken(
        typeof token === 'string' ? token : undefined,
        state.clock.millis(),
      );
      const code = typeof req.query.code === 'string' ? req.query.code : '';
      if (!code) throw new WeComError(ErrCode.MISSING_CODE, 'missing code');
      const grant = state.oauthCodes.redeem(code, state.clock.millis());
      if (!grant || grant.suiteId !== suiteId) {
        throw new WeComError(ErrCode.INVALID_OAUTH_CODE, 'invalid code');
      }
      return {
        corpid: grant.corpId,
        userid: grant.userid,
        // Emulated: the same member always gets the same open_userid.
        open_userid: `wo${suiteId}${grant.userid}`.slice(0, 64),
      };
    }),
  );
  return router;
}
