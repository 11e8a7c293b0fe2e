import { createHash } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { ErrCode, WeComError } from '../errcodes';
import { randomId } from '../ids';
import type { EmulatorState } from '../state';
import type { CardRecord } from '../stores/cards';
import { MAX_DUPLICATE_WINDOW_SECONDS, type SendOutcome } from '../stores/messages';
import { resolveRecipients } from './recipients';
import { assertAgent, callerOf, parseBody, wecomHandler } from './respond';

const MESSAGE_TYPES = new Set([
  'text',
  'image',
  'voice',
  'video',
  'file',
  'textcard',
  'news',
  'mpnews',
  'markdown',
  'miniprogram_notice',
  'template_card',
]);

/** Card types whose send answers a response_code and which require a task_id. */
const INTERACTIVE_CARDS = new Set([
  'button_interaction',
  'vote_interaction',
  'multiple_interaction',
]);

const TASK_ID = /^[A-Za-z0-9_\-@]{1,128}$/;

const sendSchema = z.looseObject({
  touser: z.string().optional(),
  toparty: z.string().optional(),
  totag: z.string().optional(),
  msgtype: z.string(),
  agentid: z.coerce.number().int(),
  enable_duplicate_check: z.coerce.number().optional(),
  duplicate_check_interval: z.coerce.number().int().positive().optional(),
});

const updateSchema = z.looseObject({
  userids: z.array(z.string()).optional(),
  atall: z.coerce.number().optional(),
  agentid: z.coerce.number().int(),
  response_code: z.string().min(1),
  button: z.object({ replace_name: z.string().min(1) }).optional(),
  template_card: z.record(z.string(), z.unknown()).optional(),
});

/** `message/send` and `message/update_template_card`. */
export function messageRoutes(state: EmulatorState): Router {
  const router = Router();

  router.post(
    '/message/send',
    wecomHandler((req, res) => {
      const caller = callerOf(res);
      const body = parseBody(sendSchema, req.body);
      assertAgent(caller, body.agentid);
      if (!MESSAGE_TYPES.has(body.msgtype)) {
        throw new WeComError(ErrCode.INVALID_MSGTYPE, `invalid message type ${body.msgtype}`);
      }
      const content = body[body.msgtype];
      if (typeof content !== 'object' || content === null) {
        throw new WeComError(ErrCode.EMPTY_CONTENT, `${body.msgtype} content is empty`);
      }
      const card = body.msgtype === 'template_card' ? checkCard(content) : undefined;
      const now = state.clock.millis();

      // Identical JSON within the window is accepted but not delivered again.
      const duplicateKey = body.enable_duplicate_check === 1
        ? `${caller.corp.corpId}/${caller.app.agentId}/${sha1(JSON.stringify(req.body))}`
        : undefined;
      if (duplicateKey) {
        const interval = Math.min(body.duplicate_check_interval ?? 1800, MAX_DUPLICATE_WINDOW_SECONDS);
        const earlier = state.messages.findDuplicate(duplicateKey, now, interval * 1000);
        if (earlier) return { ...earlier, invalidparty: '', invalidtag: '' };
      }

      const recipients = resolveRecipients(caller.corp, caller.app, body);
      const report = {
        invaliduser: recipients.invalidUsers.join('|'),
        invalidparty: recipients.invalidParties.join('|'),
        invalidtag: recipients.invalidTags.join('|'),
        unlicenseduser: '',
      };
      if (recipients.valid.length === 0) {
        throw new WeComError(ErrCode.ALL_RECIPIENTS_INVALID, 'user & party & tag all invalid', report);
      }
      if (card?.taskId && state.cards.get(caller.corp.corpId, caller.app.agentId, card.taskId)) {
        throw new WeComError(ErrCode.INVALID_PARAMETER, `task_id ${card.taskId} already used by this app`);
      }
      const perUser = state.rateLimits.perUserPerMinute;
      if (perUser !== undefined) {
        const keys = recipients.valid.map(u => `user/${caller.corp.corpId}/${caller.app.agentId}/${u}`);
        const over = state.limits.tryConsume(keys, perUser, now);
        if (over) throw new WeComError(ErrCode.API_FREQ_OUT_OF_LIMIT, 'api freq out of limit: too many messages to one member');
      }

      const msgid = randomId(16);
      const sentAt = state.nowIso();
      for (const userid of recipients.valid) {
        state.messages.deliver({
          msgid,
          corpId: caller.corp.corpId,
          agentId: caller.app.agentId,
          userid,
          msgtype: body.msgtype,
          content,
          taskId: card?.taskId,
          sentAt,
        });
      }
      let responseCode: string | undefined;
      if (card?.taskId) {
        const record: CardRecord = {
          corpId: caller.corp.corpId,
          agentId: caller.app.agentId,
          taskId: card.taskId,
          cardType: card.cardType,
          msgid,
          sentAt,
          recipients: new Map(
            recipients.valid.map(userid => [
              userid,
              { userid, card: card.json, version: 1, updatedAt: sentAt },
            ]),
          ),
          events: [],
        };
        if (INTERACTIVE_CARDS.has(card.cardType)) {
          responseCode = state.cards.issueCode({
            corpId: caller.corp.corpId,
            agentId: caller.app.agentId,
            taskId: card.taskId,
            userids: recipients.valid,
            source: 'send',
            issuedAt: now,
          });
        }
        record.events.push({ type: 'sent', at: sentAt, userids: recipients.valid, responseCode });
        state.cards.add(record);
      }

      const outcome: SendOutcome = { msgid, invaliduser: report.invaliduser };
      if (responseCode) outcome.response_code = responseCode;
      if (duplicateKey) state.messages.rememberForDuplicateCheck(duplicateKey, now, outcome);
      return { ...report, ...outcome };
    }),
  );

  router.post(
    '/message/update_template_card',
    wecomHandler((req, res) => {
      const caller = callerOf(res);
      const body = parseBody(updateSchema, req.body);
      assertAgent(caller, body.agentid);
      if (!body.button && !body.template_card) {
        throw new WeComError(ErrCode.INVALID_PARAMETER, 'either button or template_card is required');
      }
      const { corpId } = caller.corp;
      const { agentId } = caller.app;
      const code = state.cards.spendCode(body.response_code, corpId, agentId, state.clock.millis());
      const card = state.cards.get(corpId, agentId, code.taskId);
      if (!card) throw new WeComError(ErrCode.INVALID_RESPONSE_CODE, 'invalid response_code');

      let targets: string[];
      if (body.atall === 1) targets = [...card.recipients.keys()];
      else if (body.userids?.length) targets = body.userids;
      else targets = code.userids;
      const invaliduser = targets.filter(u => !card.recipients.has(u));
      const updated = targets.filter(u => card.recipients.has(u));

      const at = state.nowIso();
      for (const userid of updated) {
        const current = card.recipients.get(userid)!;
        if (body.template_card) {
          current.card = body.template_card;
          current.replaceName = undefined;
        }
        if (body.button) current.replaceName = body.button.replace_name;
        current.version++;
        current.updatedAt = at;
      }
      card.events.push({ type: 'update', at, userids: updated, responseCode: code.code });
      return { invaliduser };
    }),
  );

  return router;
}

function checkCard(content: object): { taskId?: string; cardType: string; json: Record<string, unknown> } {
  const json = content as Record<string, unknown>;
  const cardType = typeof json.card_type === 'string' ? json.card_type : '';
  if (!cardType) throw new WeComError(ErrCode.INVALID_PARAMETER, 'template_card.card_type missing');
  const taskId = json.task_id;
  if (taskId !== undefined && (typeof taskId !== 'string' || !TASK_ID.test(taskId))) {
    throw new WeComError(ErrCode.INVALID_PARAMETER, 'template_card.task_id invalid');
  }
  if (INTERACTIVE_CARDS.has(cardType) && taskId === undefined) {
    throw new WeComError(ErrCode.INVALID_PARAMETER, `template_card.task_id is required for ${cardType}`);
  }
  return { taskId, cardType, json };
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
