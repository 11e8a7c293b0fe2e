import { Router } from 'express';
import { z } from 'zod';
import { ErrCode, WeComError } from '../errcodes';
import type { EmulatorState } from '../state';
import {
  assertAgent,
  callerOf,
  type Caller,
  parseBody,
  wecomHandler,
} from './respond';

/** Card types whose send answers a response_code and which require a task_id. */
const INTERACTIVE_CARDS = new Set([
  'button_interaction',
  'vote_interaction',
  'multiple_interaction',
]);

/** Unique per app, at most 128 letters, digits and `_-@`. */
const TASK_ID = /^[A-Za-z0-9_\-@]{1,128}$/;

const updateSchema = z.looseObject({
  userids: z.array(z.string()).optional(),
  atall: z.coerce.number().optional(),
  agentid: z.coerce.number().int(),
  response_code: z.string().min(1),
  button: z.object({ replace_name: z.string().min(1) }).optional(),
  template_card: z.record(z.string(), z.unknown()).optional(),
});

/** A template_card section of a message/send, checked. */
export interface SentCard {
  taskId?: string;
  cardType: string;
  json: Record<string, unknown>;
}

/** Checks a template_card the way WeCom refuses malformed ones. */
export function parseTemplateCard(content: object): SentCard {
  const json = content as Record<string, unknown>;
  const cardType = typeof json.card_type === 'string' ? json.card_type : '';
  if (!cardType) {
    throw new WeComError(
      ErrCode.INVALID_PARAMETER,
      'template_card.card_type missing',
    );
  }
  const taskId = json.task_id;
  if (
    taskId !== undefined &&
    (typeof taskId !== 'string' || !TASK_ID.test(taskId))
  ) {
    throw new WeComError(
      ErrCode.INVALID_PARAMETER,
      'template_card.task_id invalid',
    );
  }
  if (INTERACTIVE_CARDS.has(cardType) && taskId === undefined) {
    throw new WeComError(
      ErrCode.INVALID_PARAMETER,
      `template_card.task_id is required for ${cardType}`,
    );
  }
  return { taskId, cardType, json };
}

/** WeCom refuses a task_id the app has used before. */
export function assertTaskIdFree(
  state: EmulatorState,
  caller: Caller,
  card: SentCard,
): void {
  if (
    card.taskId &&
    state.cards.get(caller.corp.corpId, caller.app.agentId, card.taskId)
  ) {
    throw new WeComError(
      ErrCode.INVALID_PARAMETER,
      `task_id ${card.taskId} already used by this app`,
    );
  }
}

/**
 * Records a delivered card per recipient; returns the send's response code
 * for interactive cards.
 */
export function recordSentCard(
  state: EmulatorState,
  caller: Caller,
  card: SentCard,
  delivery: { msgid: string; userids: string[]; sentAt: string },
): string | undefined {
  if (!card.taskId) return undefined;
  const { corpId } = caller.corp;
  const { agentId } = caller.app;
  const responseCode = INTERACTIVE_CARDS.has(card.cardType)
    ? state.cards.issueCode({
        corpId,
        agentId,
        taskId: card.taskId,
        userids: delivery.userids,
        source: 'send',
        issuedAt: state.clock.millis(),
      })
    : undefined;
  state.cards.add({
    corpId,
    agentId,
    taskId: card.taskId,
    cardType: card.cardType,
    msgid: delivery.msgid,
    sentAt: delivery.sentAt,
    ...(caller.suiteId && { suiteId: caller.suiteId }),
    recipients: new Map(
      delivery.userids.map(userid => [
        userid,
        { userid, card: card.json, version: 1, updatedAt: delivery.sentAt },
      ]),
    ),
    events: [
      {
        type: 'sent',
        at: delivery.sentAt,
        userids: delivery.userids,
        responseCode,
      },
    ],
  });
  return responseCode;
}

/**
 * `message/update_template_card`: spends a response code (once, within 72
 * hours) to update the card of the named members, everyone (`atall`), or by
 * default whoever the code was issued for.
 */
export function templateCardRoutes(state: EmulatorState): Router {
  const router = Router();
  router.post(
    '/message/update_template_card',
    wecomHandler((req, res) => {
      const caller = callerOf(res);
      const body = parseBody(updateSchema, req.body);
      assertAgent(caller, body.agentid);
      if (!body.button && !body.template_card) {
        throw new WeComError(
          ErrCode.INVALID_PARAMETER,
          'either button or template_card is required',
        );
      }
      const { corpId } = caller.corp;
      const { agentId } = caller.app;
      const code = state.cards.spendCode(
        body.response_code,
        corpId,
        agentId,
        state.clock.millis(),
      );
      const card = state.cards.get(corpId, agentId, code.taskId);
      if (!card)
        throw new WeComError(
          ErrCode.INVALID_RESPONSE_CODE,
          'invalid response_code',
        );

      let targets: string[];
      if (body.atall === 1) targets = [...card.recipients.keys()];
      else if (body.userids?.length) targets = body.userids;
      else targets = code.userids;
      const invaliduser = targets.filter(u => !card.recipients.has(u));
      const updated = targets.filter(u => card.recipients.has(u));

      const at = state.nowIso();
      for (const userid of updated) {
        const view = card.recipients.get(userid)!;
        if (body.template_card) {
          view.card = body.template_card;
          view.replaceName = undefined;
        }
        if (body.button) view.replaceName = body.button.replace_name;
        view.version++;
        view.updatedAt = at;
      }
      card.events.push({
        type: 'update',
        at,
        userids: updated,
        responseCode: code.code,
      });
      return { invaliduser };
    }),
  );
  return router;
}
