import { Router } from 'express';
import { z } from 'zod';
import { ErrCode, WeComError } from '../errcodes';
import type { EmulatorState } from '../state';
import type { EmulatorUser } from '../types';
import {
  assertAgent,
  callerOf,
  parseBody,
  type Caller,
  wecomHandler,
} from './respond';

const byMobileSchema = z.object({ mobile: z.string().min(1) });
const byEmailSchema = z.object({
  email: z.string().min(1),
  email_type: z.coerce
    .number()
    .pipe(z.union([z.literal(1), z.literal(2)]))
    .optional(),
});

/** Directory lookups: getuserid, get_userid_by_email, user/get, agent/get. */
export function userRoutes(state: EmulatorState): Router {
  const router = Router();

  router.post(
    '/user/getuserid',
    wecomHandler((req, res) => {
      const caller = callerOf(res);
      const { mobile } = parseBody(byMobileSchema, req.body);
      beginLookup(state, caller);
      assertMobileLookupsAllowed(state, caller);
      try {
        return {
          userid: visibleMatch(caller, caller.corp.findByMobile(mobile)).userid,
        };
      } catch (error) {
        state.mobileLookupFailures.recordFailure(
          caller.corp.corpId,
          state.clock.millis(),
        );
        throw error;
      }
    }),
  );

  router.post(
    '/user/get_userid_by_email',
    wecomHandler((req, res) => {
      const caller = callerOf(res);
      const { email, email_type: emailType = 1 } = parseBody(
        byEmailSchema,
        req.body,
      );
      beginLookup(state, caller);
      return {
        userid: visibleMatch(caller, caller.corp.findByEmail(email, emailType))
          .userid,
      };
    }),
  );

  router.get(
    '/user/get',
    wecomHandler((req, res) => {
      const caller = callerOf(res);
      const user = caller.corp.users.get(String(req.query.userid ?? ''));
      if (!user)
        throw new WeComError(ErrCode.USERID_NOT_FOUND, 'userid not found');
      if (!caller.corp.isVisible(caller.app, user.userid)) {
        throw new WeComError(
          ErrCode.NO_PRIVILEGE,
          'no privilege to access/modify contact/party/agent',
        );
      }
      return {
        userid: user.userid,
        name: user.name,
        department: user.department ?? [1],
        mobile: user.mobile ?? '',
        email: user.email ?? '',
        biz_mail: user.bizMail ?? '',
        status: 1,
      };
    }),
  );

  router.get(
    '/agent/get',
    wecomHandler((req, res) => {
      const caller = callerOf(res);
      assertAgent(caller, Number(req.query.agentid));
      const { app } = caller;
      const allow = app.allowUsers ?? 'all';
      return {
        agentid: app.agentId,
        name: app.name ?? `App ${app.agentId}`,
        square_logo_url: '',
        description: '',
        allow_userinfos: {
          user: allow === 'all' ? [] : allow.map(userid => ({ userid })),
        },
        allow_partys: { partyid: allow === 'all' ? [1] : [] },
        allow_tags: { tagid: [] },
        close: 0,
        redirect_domain: app.homepageUrl ? new URL(app.homepageUrl).host : '',
        report_location_flag: 0,
        isreportenter: 0,
        home_url: app.homepageUrl ?? '',
      };
    }),
  );

  return router;
}

/** Lookups need the contacts permission and count against their own limit. */
function beginLookup(state: EmulatorState, caller: Caller): void {
  if (caller.app.contactPermission === false) {
    throw new WeComError(
      ErrCode.API_FORBIDDEN,
      'api forbidden: app has no contacts permission',
    );
  }
  const limit = state.rateLimits.lookupsPerMinute;
  if (limit === undefined) return;
  const key = `lookup/${caller.corp.corpId}`;
  if (state.limits.tryConsume([key], limit, state.clock.millis())) {
    throw new WeComError(
      ErrCode.API_FREQ_OUT_OF_LIMIT,
      'api freq out of limit',
    );
  }
}

/** user/getuserid is blocked for the day once too many lookups failed (see MobileLookupFailures). */
function assertMobileLookupsAllowed(state: EmulatorState, caller: Caller) {
  const share = state.rateLimits.mobileLookupFailureShare;
  if (share === undefined) return;
  const blocked = state.mobileLookupFailures.isBlocked(
    caller.corp.corpId,
    caller.corp.users.size,
    share,
    state.clock.millis(),
  );
  if (blocked) {
    throw new WeComError(
      ErrCode.API_FREQ_OUT_OF_LIMIT,
      'api freq out of limit: user/getuserid failed for too many mobiles today',
    );
  }
}

function visibleMatch(
  caller: Caller,
  user: EmulatorUser | undefined,
): EmulatorUser {
  if (!user) throw new WeComError(ErrCode.USER_NOT_FOUND, 'user not found');
  if (!caller.corp.isVisible(caller.app, user.userid)) {
    throw new WeComError(
      ErrCode.NO_PRIVILEGE,
      'no privilege to access/modify contact/party/agent',
    );
  }
  return user;
}
