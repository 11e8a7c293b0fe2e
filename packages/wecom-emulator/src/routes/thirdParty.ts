import { Router } from 'express';
import { z } from 'zod';
import { ErrCode, WeComError } from '../errcodes';
import type { EmulatorState } from '../state';
import { parseBody, wecomHandler } from './respond';

const suiteTokenSchema = z.object({
  suite_id: z.string(),
  suite_secret: z.string(),
  suite_ticket: z.string(),
});
const permanentCodeSchema = z.object({ auth_code: z.string().min(1) });
const corpTokenSchema = z.object({
  auth_corpid: z.string(),
  permanent_code: z.string(),
});
// get_auth_info takes the same body as get_corp_token (page 90604).
const authInfoSchema = corpTokenSchema;

/** Third-party suite flow: suite token → permanent code → corp token. */
export function thirdPartyRoutes(state: EmulatorState): Router {
  const router = Router();

  router.post(
    '/service/get_suite_token',
    wecomHandler(req => {
      const body = parseBody(suiteTokenSchema, req.body);
      const found = state.directory.suite(body.suite_id);
      if (!found)
        throw new WeComError(ErrCode.INVALID_SUITE_ID, 'invalid suite_id');
      if (found.suite.suiteSecret !== body.suite_secret) {
        throw new WeComError(
          ErrCode.INVALID_SUITE_SECRET,
          'invalid suite_secret',
        );
      }
      if (found.suite.suiteTicket !== body.suite_ticket) {
        throw new WeComError(
          ErrCode.INVALID_SUITE_TICKET,
          'invalid suite_ticket',
        );
      }
      return {
        suite_access_token: state.tokens.issueSuiteToken(
          body.suite_id,
          state.clock.millis(),
        ),
        expires_in: state.tokens.ttl,
      };
    }),
  );

  router.post(
    '/service/get_permanent_code',
    wecomHandler(req => {
      const suiteId = checkSuite(state, req.query.suite_access_token);
      const { auth_code: authCode } = parseBody(permanentCodeSchema, req.body);
      const authorizedSuite = state.suiteAuthCodes.redeem(
        authCode,
        state.clock.millis(),
      );
      if (authorizedSuite !== suiteId) {
        throw new WeComError(ErrCode.INVALID_AUTH_CODE, 'invalid auth_code');
      }
      const { corp, suite, app } = suiteAgent(state, suiteId);
      return {
        access_token: state.tokens.issueCorpToken(
          corp.corpId,
          app.agentId,
          state.clock.millis(),
          suiteId,
        ),
        expires_in: state.tokens.ttl,
        permanent_code: state.permanentCodeOf(suite),
        ...authInfo(corp, app),
      };
    }),
  );

  router.post(
    '/service/get_corp_token',
    wecomHandler(req => {
      const suiteId = checkSuite(state, req.query.suite_access_token);
      const body = parseBody(corpTokenSchema, req.body);
      const { corp, app } = permanentAgent(state, suiteId, body);
      return {
        access_token: state.tokens.issueCorpToken(
          corp.corpId,
          app.agentId,
          state.clock.millis(),
          suiteId,
        ),
        expires_in: state.tokens.ttl,
      };
    }),
  );

  // 获取企业授权信息 (page 90604): what get_permanent_code returned about
  // the corp and the authorized app, read again with the permanent code.
  router.post(
    '/service/get_auth_info',
    wecomHandler(req => {
      const suiteId = checkSuite(state, req.query.suite_access_token);
      const body = parseBody(authInfoSchema, req.body);
      const { corp, app } = permanentAgent(state, suiteId, body);
      return authInfo(corp, app);
    }),
  );

  return router;
}

/**
 * auth_corp_info and auth_info as get_permanent_code (page 90603) and
 * get_auth_info (page 90604) answer them: one agent for a single-app
 * authorization (page 91911), with the app's visible range as privilege.
 */
function authInfo(
  corp: { corpId: string; name?: string },
  app: { agentId: number; name?: string; allowUsers?: unknown },
) {
  return {
    auth_corp_info: { corpid: corp.corpId, corp_name: corp.name },
    auth_info: {
      agent: [
        {
          agentid: app.agentId,
          name: app.name ?? `App ${app.agentId}`,
          privilege: {
            allow_user: Array.isArray(app.allowUsers) ? app.allowUsers : [],
            allow_party: app.allowUsers === 'all' ? [1] : [],
            allow_tag: [],
          },
        },
      ],
    },
  };
}

function checkSuite(state: EmulatorState, token: unknown): string {
  const grant = state.tokens.checkSuiteToken(
    typeof token === 'string' ? token : undefined,
    state.clock.millis(),
  );
  return grant.suiteId;
}

function suiteAgent(state: EmulatorState, suiteId: string) {
  const found = state.directory.suite(suiteId);
  if (!found)
    throw new WeComError(ErrCode.INVALID_SUITE_ID, 'invalid suite_id');
  const app = state.directory.app(found.corp, found.suite.agentId);
  return { ...found, app };
}

/**
 * The corp and app a permanent code stands for, checked as WeCom checks
 * it: the code must be the one this suite was given for that corp.
 */
function permanentAgent(
  state: EmulatorState,
  suiteId: string,
  body: { auth_corpid: string; permanent_code: string },
) {
  const agent = suiteAgent(state, suiteId);
  if (agent.corp.corpId !== body.auth_corpid) {
    throw new WeComError(ErrCode.INVALID_CORPID, 'invalid auth_corpid');
  }
  // After reset_permanent_code only the new code works (page 94758).
  if (state.permanentCodeOf(agent.suite) !== body.permanent_code) {
    throw new WeComError(
      ErrCode.INVALID_PERMANENT_CODE,
      'invalid permanent_code',
    );
  }
  return agent;
}
