import type { CorpDirectory } from '../directory';
import type { EmulatorState } from '../state';
import type { EmulatorApp, EmulatorCallbackSettings } from '../types';
import {
  openReply,
  sealMessage,
  signatureQuery,
  type EnvelopeKeys,
} from './envelope';
import { deliver } from './http';
import { buildXml, readXmlField } from './xml';

/** What the emulator needs to call receivers. */
export interface CallbackContext {
  state: EmulatorState;
  timeoutMs: number;
  publicUrl: string;
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

/** Seals an event for a receiver and posts it; opens an encrypted reply. */
export async function postEvent(
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
  const response = await deliver(callback.url, signatureQuery(sealed), {
    method: 'POST',
    body: envelope,
    contentType: 'text/xml',
    timeoutMs: ctx.timeoutMs,
  });
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

/** A custom app of the corp and its callback settings. */
export function appCallback(
  ctx: CallbackContext,
  corpId?: string,
  agentId?: number,
) {
  const corp = ctx.state.directory.corp(corpId);
  const app: EmulatorApp = ctx.state.directory.app(corp, agentId);
  if (!app.callback)
    throw new Error(`App ${app.agentId} has no callback configured`);
  return { corp, app, callback: app.callback, receiveId: corp.corpId };
}

/**
 * A suite app's messages and events go to the suite's data callback
 * ("数据回调URL"), one URL for every authorizing corp, sealed with the
 * suite's Token and EncodingAESKey (page 91116), ToUserName the corp's
 * CorpID (page 90376). The receiveId sealed into them is the authorizing
 * corp's CorpID, as a WeCom staff answer in the developer community says;
 * page 90968 says the suite id for third-party callbacks. That is our
 * reading, unconfirmed: the backend accepts either.
 */
export function suiteDataCallback(
  corp: CorpDirectory,
  suiteId: string,
): { callback: EmulatorCallbackSettings; receiveId: string } {
  const suite = corp.suites.find(s => s.suiteId === suiteId);
  if (!suite) throw new Error(`Corp ${corp.corpId} has no suite ${suiteId}`);
  if (!suite.dataCallback || !suite.callback) {
    throw new Error(
      `Suite ${suiteId} has no dataCallback (and callback keys) configured`,
    );
  }
  return {
    callback: { ...suite.callback, url: suite.dataCallback },
    receiveId: corp.corpId,
  };
}

/** The app a suite acts as in the corp, and its data callback. */
export function suiteApp(
  ctx: CallbackContext,
  corpId: string | undefined,
  suiteId: string,
) {
  const corp = ctx.state.directory.corp(corpId);
  const suite = corp.suites.find(s => s.suiteId === suiteId);
  const app = ctx.state.directory.app(corp, suite?.agentId);
  return { corp, app, ...suiteDataCallback(corp, suiteId) };
}

export function keysOf(
  callback: EmulatorCallbackSettings,
  receiveId: string,
): EnvelopeKeys {
  return {
    token: callback.token,
    encodingAESKey: callback.encodingAESKey,
    receiveId,
  };
}
