import { createHash } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { ErrCode, WeComError } from '../errcodes';
import { randomId } from '../ids';
import { HOUR_MILLIS, MINUTE_MILLIS } from '../rateLimits';
import type { EmulatorState } from '../state';
import {
  MAX_DUPLICATE_WINDOW_SECONDS,
  type SendOutcome,
} from '../stores/messages';
import { CHAT_MESSAGE_TYPES } from './appchat';
import { resolveRecipients } from './recipients';
import {
  assertAgent,
  callerOf,
  messageContent,
  type Caller,
  parseBody,
  wecomHandler,
} from './respond';
import {
  assertTaskIdFree,
  parseTemplateCard,
  recordSentCard,
} from './templateCards';

// Every type a group chat takes, and two only apps send to members.
const MESSAGE_TYPES: ReadonlySet<string> = new Set([
  ...CHAT_MESSAGE_TYPES,
  'miniprogram_notice',
  'template_card',
]);

const DEFAULT_DUPLICATE_WINDOW_SECONDS = 1800;

const sendSchema = z.looseObject({
  touser: z.string().optional(),
  toparty: z.string().optional(),
  totag: z.string().optional(),
  msgtype: z.string(),
  agentid: z.coerce.number().int(),
  enable_duplicate_check: z.coerce.number().optional(),
  duplicate_check_interval: z.coerce.number().int().positive().optional(),
});

/** `message/send`: validate, de-duplicate, resolve recipients, deliver within each member's budget. */
export function messageRoutes(state: EmulatorState): Router {
  const router = Router();
  router.post(
    '/message/send',
    wecomHandler((req, res) => {
      const caller = callerOf(res);
      const body = parseBody(sendSchema, req.body);
      assertAgent(caller, body.agentid);
      const content = messageContent(body, MESSAGE_TYPES);
      const card =
        body.msgtype === 'template_card'
          ? parseTemplateCard(content)
          : undefined;

      // Identical JSON within the window is accepted but not delivered again.
      const duplicateKey =
        body.enable_duplicate_check === 1
          ? duplicateKeyOf(caller, req.body)
          : undefined;
      if (duplicateKey) {
        const seconds = Math.min(
          body.duplicate_check_interval ?? DEFAULT_DUPLICATE_WINDOW_SECONDS,
          MAX_DUPLICATE_WINDOW_SECONDS,
        );
        const earlier = state.messages.findDuplicate(
          duplicateKey,
          state.clock.millis(),
          seconds * 1000,
        );
        if (earlier) return { ...earlier, invalidparty: '', invalidtag: '' };
      }

      const resolved = resolveRecipients(caller.corp, caller.app, body);
      // A suite's app reaches only members with an interface licence
      // (page 95652); the others are named in unlicenseduser.
      const unlicensed = unlicensedOf(caller);
      const recipients = {
        ...resolved,
        valid: resolved.valid.filter(u => !unlicensed.has(u)),
      };
      const report = {
        invaliduser: recipients.invalidUsers.join('|'),
        invalidparty: recipients.invalidParties.join('|'),
        invalidtag: recipients.invalidTags.join('|'),
        unlicenseduser: resolved.valid.filter(u => unlicensed.has(u)).join('|'),
      };
      if (recipients.valid.length === 0) {
        throw new WeComError(
          ErrCode.ALL_RECIPIENTS_INVALID,
          'user & party & tag all invalid',
          report,
        );
      }
      if (card) assertTaskIdFree(state, caller, card);

      const msgid = randomId(16);
      const sentAt = state.nowIso();
      const delivered: string[] = [];
      for (const userid of recipients.valid) {
        const message = {
          msgid,
          corpId: caller.corp.corpId,
          agentId: caller.app.agentId,
          userid,
          msgtype: body.msgtype,
          content,
          taskId: card?.taskId,
          sentAt,
        };
        const overBudget = spendMemberBudget(state, caller, userid);
        if (overBudget) state.messages.drop({ ...message, reason: overBudget });
        else {
          state.messages.deliver(message);
          delivered.push(userid);
        }
      }
      const responseCode = card
        ? recordSentCard(state, caller, card, {
            msgid,
            userids: delivered,
            sentAt,
          })
        : undefined;

      const outcome: SendOutcome = { msgid, invaliduser: report.invaliduser };
      if (report.unlicenseduser) outcome.unlicenseduser = report.unlicenseduser;
      if (responseCode) outcome.response_code = responseCode;
      if (duplicateKey) {
        state.messages.rememberForDuplicateCheck(
          duplicateKey,
          state.clock.millis(),
          outcome,
        );
      }
      return { ...report, ...outcome };
    }),
  );
  return router;
}

/**
 * The per-app per-member budgets, 30 a minute and 1,000 an hour by WeCom's
 * defaults: "每应用对同一个成员不可超过30次/分钟，1000次/小时，超过部分会被丢弃不下发"
 * (pages 90312 and 90454). The excess is dropped, not refused: the send
 * succeeds, the members within budget get the message, the others do not,
 * and nothing in the answer says so. Returns the budget `userid` is over,
 * after counting the message against both budgets otherwise.
 */
function spendMemberBudget(
  state: EmulatorState,
  caller: Caller,
  userid: string,
): 'perUserPerMinute' | 'perUserPerHour' | undefined {
  const key = `user/${caller.corp.corpId}/${caller.app.agentId}/${userid}`;
  const now = state.clock.millis();
  const { perUserPerMinute, perUserPerHour } = state.rateLimits;
  if (
    perUserPerHour !== undefined &&
    state.limits.isFull(key, perUserPerHour, now, HOUR_MILLIS)
  ) {
    return 'perUserPerHour';
  }
  if (
    perUserPerMinute !== undefined &&
    state.limits.isFull(key, perUserPerMinute, now, MINUTE_MILLIS)
  ) {
    return 'perUserPerMinute';
  }
  state.limits.consume(key, now, HOUR_MILLIS);
  state.limits.consume(key, now, MINUTE_MILLIS);
  return undefined;
}

/** Per app, the request JSON as sent (hashed to keep the memory small). */
function duplicateKeyOf(caller: Caller, body: unknown): string {
  const digest = createHash('sha1').update(JSON.stringify(body)).digest('hex');
  return `${caller.corp.corpId}/${caller.app.agentId}/${digest}`;
}

/** The members the calling suite has no interface licence for. */
function unlicensedOf(caller: Caller): Set<string> {
  if (!caller.suiteId) return new Set();
  const suite = caller.corp.suites.find(s => s.suiteId === caller.suiteId);
  return new Set(suite?.unlicensedUsers ?? []);
}
