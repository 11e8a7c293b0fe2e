import { z } from 'zod';

/**
 * Shapes of WeCom's answers. Loose objects: WeCom adds fields over time and
 * the suite only insists on the ones it reads.
 */

export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

export const suiteTokenResponseSchema = z.looseObject({
  suite_access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

// auth_corp_info and auth_info as get_permanent_code (page 90603) and
// get_auth_info (page 90604) answer them; privilege is the visible range the
// corp authorized.
const authCorpInfoSchema = z.looseObject({
  corpid: z.string(),
  corp_name: z.string().optional(),
});
const authInfoSchema = z
  .looseObject({
    agent: z
      .array(
        z.looseObject({
          agentid: z.number(),
          name: z.string().optional(),
          privilege: z
            .looseObject({
              allow_party: z.array(z.number()).optional(),
              allow_user: z.array(z.string()).optional(),
              allow_tag: z.array(z.number()).optional(),
            })
            .optional(),
        }),
      )
      .optional(),
  })
  .optional();

export const permanentCodeResponseSchema = z.looseObject({
  permanent_code: z.string().min(1),
  access_token: z.string().optional(),
  expires_in: z.number().optional(),
  auth_corp_info: authCorpInfoSchema,
  auth_info: authInfoSchema,
});

export const authInfoResponseSchema = z.looseObject({
  auth_corp_info: authCorpInfoSchema,
  auth_info: authInfoSchema,
});

/** What the client reads from a pre-serialised message/send body. */
export const serializedSendMessageSchema = z.looseObject({
  touser: z.string().optional(),
  agentid: z.number().int(),
});

export const sendMessageResponseSchema = z.looseObject({
  invaliduser: z.string().optional(),
  invalidparty: z.string().optional(),
  invalidtag: z.string().optional(),
  unlicenseduser: z.string().optional(),
  // Optional although WeCom documents both (page 90236): what a send that
  // enable_duplicate_check suppressed answers is not documented, and an
  // accepted send (errcode 0) must count as delivered, never be retried.
  msgid: z.string().optional(),
  response_code: z.string().optional(),
});

/** WeCom documents an array here; tolerate the `a|b` form of message/send. */
const userIdList = z
  .union([z.array(z.string()), z.string()])
  .transform(value =>
    typeof value === 'string' ? value.split('|').filter(Boolean) : value,
  );

export const updateTemplateCardResponseSchema = z.looseObject({
  invaliduser: userIdList.optional(),
});

export const createAppChatResponseSchema = z.looseObject({
  chatid: z.string().min(1),
});

export const getAppChatResponseSchema = z.looseObject({
  chat_info: z.looseObject({
    chatid: z.string(),
    name: z.string().optional(),
    owner: z.string().optional(),
    userlist: z.array(z.string()),
    chat_type: z.number().optional(),
  }),
});

export const userIdResponseSchema = z.looseObject({
  userid: z.string().min(1),
});

export const userResponseSchema = z.looseObject({
  userid: z.string().min(1),
  name: z.string().optional(),
  department: z.array(z.number()).optional(),
  mobile: z.string().optional(),
  email: z.string().optional(),
  biz_mail: z.string().optional(),
  status: z.number().optional(),
});

/** `auth/getuserinfo` says `userid`; the older `user/getuserinfo` said `UserId`. */
export const oauthUserInfoResponseSchema = z
  .looseObject({
    userid: z.string().optional(),
    UserId: z.string().optional(),
    user_ticket: z.string().optional(),
    openid: z.string().optional(),
    OpenId: z.string().optional(),
    external_userid: z.string().optional(),
  })
  .transform(value => ({
    userid: value.userid ?? value.UserId,
    user_ticket: value.user_ticket,
    openid: value.openid ?? value.OpenId,
    external_userid: value.external_userid,
  }));

// getuserinfo3rd (page 91121): lower-case corpid/userid; older answers of
// the same API (page 91711, 家校) spell them CorpId/UserId.
export const suiteOAuthUserInfoResponseSchema = z
  .looseObject({
    corpid: z.string().optional(),
    CorpId: z.string().optional(),
    userid: z.string().optional(),
    UserId: z.string().optional(),
    open_userid: z.string().optional(),
    openid: z.string().optional(),
    OpenId: z.string().optional(),
  })
  .transform(value => ({
    corpid: value.corpid ?? value.CorpId,
    userid: value.userid ?? value.UserId,
    open_userid: value.open_userid,
    openid: value.openid ?? value.OpenId,
  }));

export const agentResponseSchema = z.looseObject({
  agentid: z.number(),
  name: z.string(),
  description: z.string().optional(),
  square_logo_url: z.string().optional(),
  allow_userinfos: z
    .looseObject({
      user: z.array(z.looseObject({ userid: z.string() })).default([]),
    })
    .optional(),
  allow_partys: z
    .looseObject({ partyid: z.array(z.number()).default([]) })
    .optional(),
  allow_tags: z
    .looseObject({ tagid: z.array(z.number()).default([]) })
    .optional(),
  close: z.number().optional(),
  redirect_domain: z.string().optional(),
  home_url: z.string().optional(),
});

/** Any answer: only the envelope is checked. */
export const baseResponseSchema = z.looseObject({});
