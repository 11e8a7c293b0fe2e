import { randomId } from '../ids';
import {
  AppCallbackResult,
  CallbackContext,
  postEvent,
} from './callbackDelivery';
import { buildXml, type XmlElement } from './xml';

/** Pushes the suite_ticket to a suite's callback (WeCom does so every 10 minutes). */
export async function pushSuiteTicket(
  ctx: CallbackContext,
  suiteId: string,
): Promise<AppCallbackResult> {
  const found = ctx.state.directory.suite(suiteId);
  return pushSuiteInstruction(ctx, suiteId, 'suite_ticket', [
    ['SuiteTicket', found?.suite.suiteTicket],
  ]);
}

/**
 * What an instruction carrying an auth code delivered: the receiver's
 * answer and the code (valid 10 minutes, single-use).
 *
 * @public
 */
export interface SuiteAuthCodeResult extends AppCallbackResult {
  authCode: string;
  /** How long the receiver took to answer, in milliseconds. */
  answeredInMs: number;
}

/**
 * A corp admin installs the suite: 授权成功通知 (create_auth, page 90642)
 * with a fresh auth code. WeCom wants the answer within 1000 ms.
 */
export async function authorizeSuite(
  ctx: CallbackContext,
  suiteId: string,
): Promise<SuiteAuthCodeResult> {
  return pushAuthCode(ctx, suiteId, 'create_auth');
}

/**
 * The provider clicks 重新获取secret: the suite's permanent code is replaced
 * (the old one and the corp tokens got with it stop working) and
 * 重置永久授权码通知 (reset_permanent_code, page 94758) brings an auth code
 * for the new one.
 */
export async function resetSuitePermanentCode(
  ctx: CallbackContext,
  suiteId: string,
): Promise<SuiteAuthCodeResult> {
  if (!ctx.state.directory.suite(suiteId))
    throw new Error(`Unknown suite ${suiteId}`);
  ctx.state.resetPermanentCodes.set(suiteId, `permanent-${randomId(24)}`);
  ctx.state.tokens.expireSuiteCorpTokens(ctx.state.clock.millis(), suiteId);
  return pushAuthCode(ctx, suiteId, 'reset_permanent_code');
}

async function pushAuthCode(
  ctx: CallbackContext,
  suiteId: string,
  infoType: 'create_auth' | 'reset_permanent_code',
): Promise<SuiteAuthCodeResult> {
  if (!ctx.state.directory.suite(suiteId))
    throw new Error(`Unknown suite ${suiteId}`);
  const authCode = ctx.state.suiteAuthCodes.issue(
    suiteId,
    ctx.state.clock.millis(),
  );
  const started = Date.now();
  const result = await pushSuiteInstruction(ctx, suiteId, infoType, [
    ['AuthCode', authCode],
  ]);
  return { ...result, authCode, answeredInMs: Date.now() - started };
}

/** An instruction to the suite's callback, sealed for the suite (page 97172). */
async function pushSuiteInstruction(
  ctx: CallbackContext,
  suiteId: string,
  infoType: string,
  fields: XmlElement[],
): Promise<AppCallbackResult> {
  const found = ctx.state.directory.suite(suiteId);
  if (!found?.suite.callback)
    throw new Error(`Suite ${suiteId} has no callback configured`);
  const message = buildXml([
    ['SuiteId', suiteId],
    ['InfoType', infoType],
    ['TimeStamp', ctx.state.clock.unixSeconds()],
    ...fields,
  ]);
  return postEvent(ctx, found.suite.callback, suiteId, undefined, message);
}
