import { randomId, randomNonce } from '../ids';
import type { EmulatorState } from '../state';
import type { CardRecord } from '../stores/cards';
import type { EmulatorApp, EmulatorCallbackSettings } from '../types';
import { openReply, sealMessage, type EnvelopeKeys } from './envelope';
import { deliver } from './http';
import { buildXml, readXmlField, type XmlElement } from './xml';

/** What the emulator needs to call receivers. */
export interface CallbackContext {
  state: EmulatorState;
  timeoutMs: number;
  publicUrl: string;
}

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
 * What an app callback receiver answered.
 *
 * @public
 */
export interface AppCallbackResult {
  status: number;
  body: string;
  /** The decrypted reply, when the receiver answered an encrypted envelope. */
  reply?: string;
  /** Whether the encrypted reply's MsgSignature checked out. */
  replySignatureValid?: boolean;
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
    {
      msg_signature: sealed.signature,
      timestamp: sealed.timestamp,
      nonce: sealed.nonce,
      echostr: sealed.encrypt,
    },
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

  const { app, callback } = appCallback(ctx, corp.corpId, card.agentId);
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
    ['AgentID', app.agentId],
  ]);
  const result = await postEvent(
    ctx,
    callback,
    corp.corpId,
    app.agentId,
    event,
  );
  return { ...result, responseCode };
}

/** Delivers a text message from a member to the app. */
export async function sendAppMessage(
  ctx: CallbackContext,
  params: AppMessageParams,
): Promise<AppCallbackResult> {
  const { corp, app, callback } = appCallback(
    ctx,
    params.corpId,
    params.agentId,
  );
  const message = buildXml([
    ['ToUserName', corp.corpId],
    ['FromUserName', params.from],
    ['CreateTime', ctx.state.clock.unixSeconds()],
    ['MsgType', 'text'],
    ['Content', params.content],
    ['MsgId', randomId(8)],
    ['AgentID', app.agentId],
  ]);
  return postEvent(ctx, callback, corp.corpId, app.agentId, message);
}

/** Pushes the suite_ticket to a suite's callback (WeCom does so every 10 minutes). */
export async function pushSuiteTicket(
  ctx: CallbackContext,
  suiteId: string,
): Promise<AppCallbackResult> {
  const found = ctx.state.directory.suite(suiteId);
  if (!found?.suite.callback)
    throw new Error(`Suite ${suiteId} has no callback configured`);
  const message = buildXml([
    ['SuiteId', suiteId],
    ['InfoType', 'suite_ticket'],
    ['TimeStamp', ctx.state.clock.unixSeconds()],
    ['SuiteTicket', found.suite.suiteTicket],
  ]);
  return postEvent(ctx, found.suite.callback, suiteId, undefined, message);
}

/**
 * A corp admin installs the suite: WeCom posts create_auth with a fresh
 * temporary auth code to the suite's instruction callback (page 90642,
 * 授权成功通知: SuiteId, AuthCode, InfoType, TimeStamp), which the
 * provider trades for the permanent code (get_permanent_code, page 90603).
 */
export async function pushCreateAuth(
  ctx: CallbackContext,
  suiteId: string,
  authCode: string,
): Promise<AppCallbackResult> {
  const found = ctx.state.directory.suite(suiteId);
  if (!found?.suite.callback)
    throw new Error(`Suite ${suiteId} has no callback configured`);
  const message = buildXml([
    ['SuiteId', suiteId],
    ['AuthCode', authCode],
    ['InfoType', 'create_auth'],
    ['TimeStamp', ctx.state.clock.unixSeconds()],
  ]);
  return postEvent(ctx, found.suite.callback, suiteId, undefined, message);
}

async function postEvent(
  ctx: CallbackContext,
  callback: EmulatorCallbackSettings,
  receiveId: string,
  agentId: number | undefined,
  innerXml: string,
): Promise<AppCallbackResult> {
  const keys = keysOf(callback, receiveId);
  const sealed = sealMessage(keys, innerXml, ctx.state.clock.unixSeconds());
  const envelope = buildXml([
    ['ToUserName', receiveId],
    ['Encrypt', sealed.encrypt],
    ['AgentID', agentId === undefined ? undefined : String(agentId)],
  ]);
  const response = await deliver(
    callback.url,
    {
      msg_signature: sealed.signature,
      timestamp: sealed.timestamp,
      nonce: sealed.nonce,
    },
    {
      method: 'POST',
      body: envelope,
      contentType: 'text/xml',
      timeoutMs: ctx.timeoutMs,
    },
  );
  const encrypted = readXmlField(response.body, 'Encrypt');
  if (!encrypted) return response;
  const opened = openReply(keys, {
    encrypt: encrypted,
    signature: readXmlField(response.body, 'MsgSignature') ?? '',
    timestamp: readXmlField(response.body, 'TimeStamp') ?? '',
    nonce: readXmlField(response.body, 'Nonce') ?? '',
  });
  return {
    ...response,
    reply: opened.message,
    replySignatureValid: opened.signatureValid && opened.receiveIdValid,
  };
}

function appCallback(ctx: CallbackContext, corpId?: string, agentId?: number) {
  const corp = ctx.state.directory.corp(corpId);
  const app: EmulatorApp = ctx.state.directory.app(corp, agentId);
  if (!app.callback)
    throw new Error(`App ${app.agentId} has no callback configured`);
  return { corp, app, callback: app.callback };
}

function keysOf(
  callback: EmulatorCallbackSettings,
  receiveId: string,
): EnvelopeKeys {
  return {
    token: callback.token,
    encodingAESKey: callback.encodingAESKey,
    receiveId,
  };
}

/** A member can only click a card they received, on a button it still shows. */
function assertClickable(
  card: CardRecord,
  userid: string,
  eventKey: string,
): void {
  const view = card.recipients.get(userid);
  if (!view) throw new Error(`${userid} did not receive card ${card.taskId}`);
  if (view.replaceName !== undefined) {
    throw new Error(
      `Card ${card.taskId} shows "${view.replaceName}" to ${userid}: its buttons are gone`,
    );
  }
  const keys = cardKeys(view.card);
  if (keys.length > 0 && !keys.includes(eventKey)) {
    throw new Error(
      `Card ${card.taskId} has no button "${eventKey}" (has ${keys.join(
        ', ',
      )})`,
    );
  }
}

/** The keys a member can click: buttons, ⋯ menu entries, a submit button. */
export function cardKeys(card: Record<string, unknown>): string[] {
  const keys: string[] = [];
  const collect = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      const key = (item as { key?: unknown } | null)?.key;
      if (typeof key === 'string') keys.push(key);
    }
  };
  collect(card.button_list);
  collect(
    (card.action_menu as { action_list?: unknown } | undefined)?.action_list,
  );
  const submit = (card.submit_button as { key?: unknown } | undefined)?.key;
  if (typeof submit === 'string') keys.push(submit);
  return keys;
}

/** A key only the ⋯ menu offers (a key also on a button counts as the button). */
function isMenuKey(card: Record<string, unknown>, eventKey: string): boolean {
  const menu = cardKeys({ action_menu: card.action_menu });
  return (
    menu.includes(eventKey) &&
    !cardKeys({ ...card, action_menu: undefined }).includes(eventKey)
  );
}
