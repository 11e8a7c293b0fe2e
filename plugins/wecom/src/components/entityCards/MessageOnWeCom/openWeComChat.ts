/**
 * How a "Message on WeCom" link opens a one-to-one chat with a member.
 *
 * - Inside WeCom's own browser (its user agent contains `wxwork`), the
 *   JS-SDK's `openEnterpriseChat` opens the chat: official page
 *   https://developer.work.weixin.qq.com/document/path/96930
 *   (`wx.openEnterpriseChat({ userIds: 'a;b', externalUserIds: '',
 *   groupName: '', chatId: '' })`; `groupName` empty for a one-to-one
 *   chat, `chatId` empty for a new one). The JS-SDK only works after
 *   `wx.agentConfig` with a signature made on a server from the app's
 *   jsapi_ticket; this plugin has no signature endpoint, so it never loads
 *   or configures the SDK itself. It uses `window.wx` (jweixin, the SDK of
 *   page 96930) or `window.ww` (@wecom/jssdk, the newer SDK — that it takes
 *   the same semicolon-separated `userIds` is unconfirmed) only when the
 *   page already has one with `openEnterpriseChat`, e.g. a portal that
 *   embeds Backstage and configured it. Otherwise the deep link is used.
 * - Elsewhere (the desktop client installed), the deep link
 *   `wxwork://message?username=<userid>` opens the chat. UNCONFIRMED: WeCom
 *   does not document this scheme; it is used widely in public code (e.g.
 *   Tencent BlueKing front-ends). The documented desktop scheme is
 *   `wxwork://launch?launch_code=…` (page 94346), which needs a server-side
 *   `get_launch_code` call per click and is not built.
 */

/** The JS-SDK call we make, as page 96930 describes it. */
interface OpenEnterpriseChat {
  openEnterpriseChat(params: {
    userIds: string;
    externalUserIds: string;
    groupName: string;
    chatId: string;
    success?: () => void;
    fail?: (result: { errMsg?: string }) => void;
  }): unknown;
}

/** What the chat link reads from the page; `window` in the app. */
export interface ChatEnvironment {
  navigator: { userAgent: string };
  location: { href: string };
  wx?: unknown;
  ww?: unknown;
}

/** The desktop client's deep link to a chat with `wecomUserId`. */
export function wecomChatDeepLink(wecomUserId: string): string {
  return `wxwork://message?username=${encodeURIComponent(wecomUserId)}`;
}

/** Whether the page runs in WeCom's own browser (desktop or mobile). */
export function isInsideWeCom(env: ChatEnvironment): boolean {
  return /\bwxwork\b/i.test(env.navigator.userAgent);
}

function hasOpenEnterpriseChat(sdk: unknown): sdk is OpenEnterpriseChat {
  return (
    typeof sdk === 'object' &&
    sdk !== null &&
    typeof (sdk as { openEnterpriseChat?: unknown }).openEnterpriseChat ===
      'function'
  );
}

/** The page's JS-SDK when it can open chats; undefined otherwise. */
export function configuredJsSdk(
  env: ChatEnvironment,
): OpenEnterpriseChat | undefined {
  if (!isInsideWeCom(env)) return undefined;
  if (hasOpenEnterpriseChat(env.wx)) return env.wx;
  if (hasOpenEnterpriseChat(env.ww)) return env.ww;
  return undefined;
}

/**
 * Opens the chat through the JS-SDK when the page is inside WeCom with a
 * configured SDK, and answers true; answers false when the caller should
 * follow the deep link instead. A failing SDK call (not configured with
 * agentConfig after all, an old client) falls back to the deep link.
 */
export function openChatWithJsSdk(
  wecomUserId: string,
  env: ChatEnvironment,
): boolean {
  const sdk = configuredJsSdk(env);
  if (!sdk) return false;
  try {
    sdk.openEnterpriseChat({
      userIds: wecomUserId,
      externalUserIds: '',
      groupName: '',
      chatId: '',
      fail: () => {
        env.location.href = wecomChatDeepLink(wecomUserId);
      },
    });
  } catch {
    return false;
  }
  return true;
}
