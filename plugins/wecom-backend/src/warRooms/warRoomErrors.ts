import { CustomErrorBase } from '@backstage/errors';
import { WeComCredentialsError, isWeComApiError } from '../connector';

/**
 * Only a self-built app whose visible range is the root department may
 * create group chats (the emulator answers 86220; WeCom's own code is
 * unverified). The generic hint for 86220 talks of parameters.
 */
const WAR_ROOM_HINTS: Record<number, string> = {
  86220:
    "WeCom lets only a self-built (custom) app whose visible range (可见范围) is the root department create group chats: set the app's visible range to the whole company in the WeCom admin console.",
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
    const hint = WAR_ROOM_HINTS[error.errcode] ?? error.hint;
    return `WeCom ${error.api} answered errcode ${error.errcode} (${error.errmsg}). ${hint}`;
  }
  if (error instanceof WeComCredentialsError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
