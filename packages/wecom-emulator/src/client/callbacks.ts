import { randomId, randomNonce } from '../ids';
import {
  AppCallbackResult,
  CallbackContext,
  appCallback,
  keysOf,
  postEvent,
  suiteApp,
  suiteDataCallback,
} from './callbackDelivery';
import { assertClickable, isMenuKey } from './cardKeys';
import { sealMessage, signatureQuery } from './envelope';
import { deliver } from './http';
import { buildXml, type XmlElement } from './xml';

export type { AppCallbackResult, CallbackContext } from './callbackDelivery';
export { cardKeys } from './cardKeys';
export {
  authorizeSuite,
  pushSuiteTicket,
  resetSuitePermanentCode,
} from './suiteCallbacks';
export type { SuiteAuthCodeResult } from './suiteCallbacks';

/**
 * Outcome of a callback URL verification.
 *
 * @public
 */
export interface VerifyCallbackResult {
  /** HTTP 200 with exactly the decrypted echostr as the body. */
  ok: boolean;
  status: number;
  body: string;
  expected: string;
}

/**
 * A member clicking a button (or ⋯ menu entry) of a template card.
 *
 * @public
 */
export interface ClickCardParams {
  corpId?: string;
  agentId?: number;
  userid: string;
  taskId: string;
  eventKey: string;
  /** For vote / multiple-choice cards. */
  selectedItems?: Array<{ questionKey: string; optionIds: string[] }>;
}

/**
 * What a click delivered.
 *
 * @public
 */
export interface ClickCardResult extends AppCallbackResult {
  /** The fresh response code carried by this click's event. */
  responseCode: string;
}

/**
 * A member writing to the app (a text message event).
 *
 * @public
 */
export interface AppMessageParams {
  corpId?: string;
  agentId?: number;
  /**
   * Writes to this suite's app instead of a custom app: the message goes to
   * the suite's data callback.
   */
  suiteId?: string;
  from: string;
  content: string;
}

/** GETs the app's callback URL with an encrypted echostr, as the admin console does. */
export async function verifyCallbackUrl(
  ctx: CallbackContext,
  corpId?: string,
  agentId?: number,
): Promise<VerifyCallbackResult> {
  const { corp, callback } = appCallback(ctx, corpId, agentId);
  const expected = `${randomNonce()}${randomNonce()}`;
  const sealed = sealMessage(
    keysOf(callback, corp.corpId),
    expected,
    ctx.state.clock.unixSeconds(),
  );
  const response = await deliver(
    callback.url,
    { ...signatureQuery(sealed), echostr: sealed.encrypt },
    { method: 'GET', timeoutMs: ctx.timeoutMs },
  );
  return {
    ok: response.status === 200 && response.body === expected,
    status: response.status,
    body: response.body,
    expected,
  };
}

/**
 * Delivers a click with a fresh response code: `template_card_event` for a
 * button (or submit), `template_card_menu_event` for a ⋯ menu entry, as
 * WeCom does (page 90240, 通用模板卡片右上角菜单事件推送: EventKey, TaskId,
 * CardType, ResponseCode and no SelectedItems).
 */
export async function clickCard(
  ctx: CallbackContext,
  params: ClickCardParams,
): Promise<ClickCardResult> {
  const { state } = ctx;
  const corp = state.directory.corp(params.corpId);
  const card =
    params.agentId === undefined
      ? state.cards.findByTaskId(params.taskId, corp.corpId)
      : state.cards.get(corp.corpId, params.agentId, params.taskId);
  if (!card) throw new Error(`No card with task_id ${params.taskId}`);
  assertClickable(card, params.userid, params.eventKey);
  const fromMenu = isMenuKey(
    card.recipients.get(params.userid)!.card,
    params.eventKey,
  );

  const { callback, receiveId } = card.suiteId
    ? suiteDataCallback(corp, card.suiteId)
    : appCallback(ctx, corp.corpId, card.agentId);
  const responseCode = state.cards.issueCode({
    corpId: corp.corpId,
    agentId: card.agentId,
    taskId: card.taskId,
    userids: [params.userid],
    source: 'click',
    issuedAt: state.clock.millis(),
  });
  card.events.push({
    type: 'click',
    at: state.nowIso(),
    userid: params.userid,
    eventKey: params.eventKey,
    responseCode,
  });
  const selected: XmlElement[] | undefined = params.selectedItems?.map(item => [
    'SelectedItem',
    [
      ['QuestionKey', item.questionKey],
      ['OptionIds', item.optionIds.map(id => ['OptionId', id] as XmlElement)],
    ],
  ]);
  const event = buildXml([
    ['ToUserName', corp.corpId],
    ['FromUserName', params.userid],
    ['CreateTime', state.clock.unixSeconds()],
    ['MsgType', 'event'],
    ['Event', fromMenu ? 'template_card_menu_event' : 'template_card_event'],
    ['EventKey', params.eventKey],
    ['TaskId', card.taskId],
    ['CardType', card.cardType],
    ['ResponseCode', responseCode],
    ['SelectedItems', fromMenu ? undefined : selected],
    ['AgentID', card.agentId],
  ]);
  const result = await postEvent(ctx, callback, receiveId, card.agentId, event);
  return { ...result, responseCode };
}

/** Delivers a text message from a member to the app. */
export async function sendAppMessage(
  ctx: CallbackContext,
  params: AppMessageParams,
): Promise<AppCallbackResult> {
  const { corp, app, callback, receiveId } =
    params.suiteId === undefined
      ? appCallback(ctx, params.corpId, params.agentId)
      : suiteApp(ctx, params.corpId, params.suiteId);
  const message = buildXml([
    ['ToUserName', corp.corpId],
    ['FromUserName', params.from],
    ['CreateTime', ctx.state.clock.unixSeconds()],
    ['MsgType', 'text'],
    ['Content', params.content],
    ['MsgId', randomId(8)],
    ['AgentID', app.agentId],
  ]);
  return postEvent(ctx, callback, receiveId, app.agentId, message);
}
