import { WeComApiError } from '../connector';
import { describe } from './healthCheckFailures';
import { AddHealthCheck } from './healthCheckReport';
import { WeComIntegration } from './types';

// A valid chat id (letters and digits, at most 32; page 90245) that no War
// Room uses: War Room ids are `wr` + 30 hex characters.
const PROBE_CHATID = 'healthCheckNoSuchChat';

// The root department's id (page 90208, 获取部门列表: "根部门为1").
const ROOT_DEPARTMENT = 1;

const APPCHAT_ROOT_HINT =
  "WeCom lets only a self-built (custom) app whose visible range (可见范围) is the root department use group chats (page 90313, errcode 48002): set the app's visible range to the whole company in the WeCom admin console.";

/**
 * Whether the app may use `appchat`, read-only: `appchat/get` of a chat id
 * that cannot exist. Page 90313 (48002, item 7) says appchat answers 48002
 * when the app's visible range is not the root department, and 86003 is
 * "chatid does not exist". That WeCom checks the permission before looking
 * the chat up is not confirmed by any page: an 86003 therefore counts as
 * allowed only when the app's visible range (read just before) names the
 * root department; otherwise, and for any other answer, the result is
 * 'unknown' rather than a guess.
 */
export async function appchatCheck(
  integration: WeComIntegration,
  client: { getAppChat(chatid: string): Promise<unknown> },
  visibleDepartments: number[] | undefined,
  add: AddHealthCheck,
): Promise<void> {
  const rootVisible = visibleDepartments?.includes(ROOT_DEPARTMENT);
  const needed = integration.warRoom.enabled;
  let answer: unknown;
  try {
    await client.getAppChat(PROBE_CHATID);
    answer = undefined;
  } catch (error) {
    answer = error;
  }
  const errcode = answer instanceof WeComApiError ? answer.errcode : undefined;
  if (errcode === 48002) {
    if (needed) {
      add(
        'warRoomChat',
        'failed',
        'WeCom refuses group chats to this app',
        answer,
        APPCHAT_ROOT_HINT,
      );
    } else {
      add(
        'warRoomChat',
        'skipped',
        'WeCom refuses group chats to this app (48002); War Rooms are off, so nothing needs them',
      );
    }
    return;
  }
  // 0: the probe chat exists and is ours; 86008: it exists, another app's.
  // Either way WeCom looked the chat up, so appchat itself was allowed.
  const lookedUp =
    answer === undefined || errcode === 86003 || errcode === 86008;
  if (lookedUp && rootVisible) {
    add(
      'warRoomChat',
      'ok',
      'The app may use group chats (visible to the root department)',
    );
    return;
  }
  add(
    'warRoomChat',
    'unknown',
    lookedUp
      ? "WeCom answered the group chat probe, but the app's visible range does not name the root department"
      : `Could not tell whether the app may use group chats: ${describe(
          answer,
        )}`,
    answer,
    APPCHAT_ROOT_HINT,
  );
}
