/**
 * What an admin can do about a WeCom errcode. WeCom's own errmsg is terse and
 * Chinese-first; these sentences say which console setting to change.
 * Meanings follow WeCom's global error-code page (page 90313, generated into
 * xen0n/go-workwx errcodes/mod.go); docs/wecom-api.md lists each with its
 * source. Codes marked (verify) were not confirmed there.
 */
const HINTS: Record<number, string> = {
  [-1]: 'WeCom is busy. The call is retried with backoff; if it keeps failing, try again in a few minutes.',
  40001:
    "The app Secret is wrong or was reset. Copy the Secret of this app (agent id) from the WeCom admin console into the integration's settings.",
  40003:
    'The user id is not valid in this corp. Check the work.weixin.qq.com/userid annotation or re-link the user.',
  40013:
    "The Corp ID is wrong. Copy it from the WeCom admin console (My Company → Company Information) into the integration's settings.",
  40014:
    'The access token was not accepted. It is refreshed automatically; if this persists, check that the Secret belongs to this corp and app.',
  40029:
    'The OAuth code is invalid or was already used. Start the WeCom login again.',
  40056:
    "The agent id is wrong. Copy the app's AgentId from the WeCom admin console.",
  40078:
    'The temporary auth code is invalid, expired or already used (verify). Ask the corp admin to authorize the suite again.',
  40080:
    "The suite secret is wrong (verify). Copy it from the WeCom service provider console into the integration's settings.",
  40082:
    'The suite access token was not accepted (verify). It is refreshed automatically; check the suite id and suite secret.',
  40083:
    "The suite id is wrong (verify). Copy it from the WeCom service provider console into the integration's settings.",
  40084:
    'The permanent code is invalid (verify). Ask the corp admin to authorize the suite again.',
  40085:
    'The suite ticket is invalid (verify). Wait for WeCom to push a new one to the suite callback (every 10 minutes).',
  41001: 'The access token was missing. It is refreshed automatically.',
  41004:
    "The Secret is missing. Set the app Secret in the integration's settings.",
  42001: 'The access token expired. It is refreshed automatically.',
  42009:
    'The suite access token expired (verify). It is refreshed automatically.',
  45009:
    'WeCom rate limit reached (per app per member about 30 messages a minute, per corp about 10,000 calls per API a minute). Calls are slowed down and retried; reduce notification volume if this persists.',
  45033:
    'Too many concurrent calls to this WeCom API. The call is retried with backoff.',
  46004:
    'No WeCom member has this user id, phone number or email. Check the value, or link the user manually.',
  48002:
    'This app may not call this API. For contact lookups, grant the app the Contacts (通讯录) permission it needs in the WeCom admin console (writing Contacts needs the Contacts sync app); group chat (appchat) APIs need a self-built app whose visible range (可见范围) is the root department. Or use an app that has the permission.',
  50001:
    "The redirect URL's domain is not the app's trusted domain. Set the Backstage domain as the app's trusted domain in the WeCom admin console.",
  60011:
    "The user or department is outside the app's visible range. Widen the app's visible range (可见范围) in the WeCom admin console.",
  60020:
    "This server's IP address is not in the app's trusted IPs (企业可信IP). Add the backend's egress IP in the WeCom admin console.",
  60111:
    'No WeCom member has this user id. Check the value, or link the user manually.',
  81013:
    "None of the recipients is valid or visible to the app. Check the linked user ids and widen the app's visible range.",
  86001: 'The chat id is not valid: use at most 32 letters and digits.',
  86003: 'The group chat does not exist.',
  86004: 'The group chat name is not valid.',
  86005: 'The group chat owner is not valid: pick a member visible to the app.',
  86006: 'A group chat needs between 2 and 2,000 members.',
  86007:
    "One of the group chat members is not a valid member: check the linked user ids (they must be in the corp's Contacts).",
  86008:
    'This group chat exists, but another app created it: an app can only manage the chats it created. Use the app that created it, or another chat id.',
  86215:
    'A group chat with this chat id already exists. Reuse it, or choose another chat id.',
  86216:
    "One of the group chat members is not a valid user id, or is outside the app's visible range.",
  86217: 'The sender is not a member of this group chat.',
  86220:
    'The session parameters are not valid (session type single/group, or message type).',
  // Account licences (接口许可) of third-party apps, page 95652.
  701001:
    "The member has no basic account licence (基础账号) for this third-party app. The service provider buys account licences and the corp's admin assigns one to the member (WeCom admin console → the app → licences).",
  701008:
    'The member has no interconnection licence (互通账号) for this third-party app. The service provider buys interconnection accounts and the corp admin assigns one to the member.',
  701016:
    "The member's account licence is not active or has expired. The corp admin activates or renews it in the WeCom admin console; the service provider renews the order.",
  301002:
    'The access token belongs to a different app than the agent id in the request. Check that the Secret and the agent id are from the same app.',
};

/**
 * A sentence a human can act on for `errcode`, or a generic pointer to
 * WeCom's error code lookup.
 */
export function hintForErrcode(errcode: number): string {
  return (
    HINTS[errcode] ??
    `See WeCom's error code lookup: https://open.work.weixin.qq.com/devtool/query?e=${errcode}`
  );
}
