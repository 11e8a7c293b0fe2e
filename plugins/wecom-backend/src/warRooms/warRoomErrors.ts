import { CustomErrorBase } from '@backstage/errors';
import { WeComCredentialsError, isWeComApiError } from '../connector';

/**
 * Hints for the appchat calls a War Room makes, where the errcode alone says
 * more than the generic hint. 48002 to appchat means the app's visible range
 * is not the root department (page 90313, 48002 item 7; the 权限说明 of
 * pages 90245-90248); the generic 48002 hint lists every cause.
 */
const APPCHAT_HINTS: Record<number, string> = {
  48002:
    "WeCom lets only a self-built (custom) app whose visible range (可见范围) is the root department use group chats: set the app's visible range to the whole company in the WeCom admin console.",
};

/**
 * A War Room step failed on the way out (a WeCom call, or the analysis);
 * the router answers 502 with the message, which names the step and what
 * an admin can do about it.
 */
export class WarRoomUpstreamError extends CustomErrorBase {
  name = 'WarRoomUpstreamError' as const;
  readonly statusCode = 502;
}

/** WeCom's answer in plain words: api, errcode, errmsg and the hint. */
export function describeWeComFailure(error: unknown): string {
  if (isWeComApiError(error)) {
    const appchat = error.api.includes('/appchat/');
    const hint = (appchat && APPCHAT_HINTS[error.errcode]) || error.hint;
    return `WeCom ${error.api} answered errcode ${error.errcode} (${error.errmsg}). ${hint}`;
  }
  if (error instanceof WeComCredentialsError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
