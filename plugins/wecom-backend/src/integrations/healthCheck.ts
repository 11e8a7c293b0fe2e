import {
  WeComHealthCheck,
  WeComHealthCheckId,
  WeComHealthReport,
} from 'backstage-plugin-wecom-common';
import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { DateTime } from 'luxon';
import { WeComApiError, WeComCredentialsError } from '../connector';
import { WeComCrypto } from '../crypto/WeComCrypto';
import { IntegrationState } from './IntegrationStateStore';
import { SuiteAuthorization } from './SuiteStore';
import { WeComIntegration } from './types';

/** The parts of the connector the health check needs. */
export interface HealthCheckClient {
  getAccessToken(): Promise<string>;
  getAgent(agentId?: number): Promise<{
    allow_userinfos?: { user: { userid: string }[] };
    allow_partys?: { partyid: number[] };
  }>;
  getUser(userid: string): Promise<unknown>;
  getUserIdByMobile(mobile: string): Promise<string>;
  getAppChat(chatid: string): Promise<unknown>;
}

/** Who holds a bot's long connection (the lease of `BotConnectionLock`). */
export interface BotConnectionLeases {
  lease(
    integrationId: string,
  ): Promise<{ holder: string; expiresAt: DateTime } | undefined>;
}

// A number no one has: WeCom answers "no such user" (46004) when contact
// lookups are allowed, and 48002/60011 when they are not.
const PROBE_MOBILE = '10000000000';

const TITLES: Record<WeComHealthCheckId, string> = {
  token: 'Access token (Corp ID and Secret)',
  visibility: 'App visibility (who can use the app)',
  basicApi: 'Basic API permission (read the app)',
  contactRead: 'Contact read permission (look users up)',
  callback: 'Callback URL configured and verified',
  bot: 'Smart bot (callback keys or long connection)',
  warRoomChat: 'Group chats for War Rooms (appchat)',
};

// A valid chat id (letters and digits, at most 32; page 90245) that no War
// Room uses: War Room ids are `wr` + 30 hex characters.
const PROBE_CHATID = 'healthCheckNoSuchChat';

// The root department's id (page 90208, 获取部门列表: "根部门为1").
const ROOT_DEPARTMENT = 1;

const APPCHAT_ROOT_HINT =
  "WeCom lets only a self-built (custom) app whose visible range (可见范围) is the root department use group chats (page 90313, errcode 48002): set the app's visible range to the whole company in the WeCom admin console.";

/**
 * Tests each capability of the seed's permission list in order and says
 * which one is missing. Later steps are skipped once one they need fails.
 */
export async function runHealthCheck(
  integration: WeComIntegration,
  client: HealthCheckClient,
  state: IntegrationState,
  logger: LoggerService,
  botConnections: BotConnectionLeases,
  /** Third-party apps: the corp's authorization as the suite callbacks left it. */
  authorization?: SuiteAuthorization,
): Promise<WeComHealthReport> {
  const checks: WeComHealthCheck[] = [];
  const add = (
    id: WeComHealthCheckId,
    status: WeComHealthCheck['status'],
    message: string,
    error?: unknown,
    hint?: string,
  ) => {
    if (error && !fromWeCom(error)) {
      logger.warn(
        `Connection test of integration ${integration.id}, ${TITLES[id]}: ${
          isError(error) ? error.message : String(error)
        }`,
      );
    }
    checks.push({
      id,
      title: TITLES[id],
      status,
      message,
      ...hintFor(error),
      ...(hint ? { hint } : {}),
    });
  };

  let tokenOk = false;
  try {
    await client.getAccessToken();
    tokenOk = true;
    add('token', 'ok', 'The backend obtained an access token');
  } catch (error) {
    add('token', 'failed', describe(error), error);
  }

  let sampleUser: string | undefined;
  let visibleDepartments: number[] | undefined;
  if (!tokenOk) {
    add('basicApi', 'skipped', 'Needs an access token');
    add('visibility', 'skipped', 'Needs an access token');
  } else if (integration.mode === 'customApp') {
    try {
      const agent = await client.getAgent(integration.agentId);
      add('basicApi', 'ok', `Read app ${integration.agentId}`);
      const users = agent.allow_userinfos?.user ?? [];
      const departments = agent.allow_partys?.partyid ?? [];
      visibleDepartments = departments;
      sampleUser = users[0]?.userid;
      if (users.length === 0 && departments.length === 0) {
        add(
          'visibility',
          'failed',
          'The app is visible to nobody',
          undefined,
          'In the WeCom admin console, open the app and set its Visible Range to the departments of your on-call engineers (the root department for War Rooms)',
        );
      } else {
        add(
          'visibility',
          'ok',
          `Visible to ${users.length} user(s) and ${departments.length} department(s)`,
        );
      }
    } catch (error) {
      add('basicApi', 'failed', describe(error), error);
      add('visibility', 'skipped', 'Needs the basic API permission');
    }
  } else {
    add(
      'basicApi',
      'ok',
      `The corp authorized app ${
        authorization?.agentId ?? '(no agent id)'
      }; its corp token works`,
    );
    const scope = authorization?.scope;
    const users = scope?.allowUser?.length ?? 0;
    const parties = scope?.allowParty?.length ?? 0;
    const tags = scope?.allowTag?.length ?? 0;
    // A third-party app reaches only members with an interface licence
    // (page 95652); the provider's licences cannot be read with the suite's
    // credentials, so the check says where a shortfall shows.
    add(
      'visibility',
      users + parties + tags > 0 ? 'ok' : 'failed',
      `Authorized for ${users} user(s), ${parties} department(s) and ${tags} tag(s)`,
      undefined,
      users + parties + tags > 0
        ? 'Each member also needs a WeCom interface licence (接口许可, a basic account 基础账号) for this app: cards to members without one show "No licence" on the incident. Buy accounts from the app provider and activate one per member'
        : "Ask the corp's admin to widen the app's visible range in the WeCom admin console (授权管理)",
    );
  }

  if (!tokenOk) {
    add('contactRead', 'skipped', 'Needs an access token');
  } else if (!sampleUser) {
    try {
      await client.getUserIdByMobile(PROBE_MOBILE);
      add('contactRead', 'ok', 'Looked a user up by mobile');
    } catch (error) {
      if (error instanceof WeComApiError && error.errcode === 46004) {
        add('contactRead', 'ok', 'Looked a user up by mobile');
      } else {
        add('contactRead', 'failed', describe(error), error);
      }
    }
  } else {
    try {
      await client.getUser(sampleUser);
      add('contactRead', 'ok', `Read the profile of ${sampleUser}`);
    } catch (error) {
      add('contactRead', 'failed', describe(error), error);
    }
  }

  checks.push(callbackCheck(integration, state));
  checks.push(await botCheck(integration, state, botConnections));
  if (!tokenOk) {
    add('warRoomChat', 'skipped', 'Needs an access token');
  } else if (integration.mode !== 'customApp') {
    // Pages 90245-90248 (权限说明): appchat is for self-built apps only.
    add(
      'warRoomChat',
      'skipped',
      'Only self-built (custom) apps may use group chats',
    );
  } else {
    await appchatCheck(integration, client, visibleDepartments, add);
  }
  const order: WeComHealthCheckId[] = [
    'token',
    'visibility',
    'basicApi',
    'contactRead',
    'callback',
    'bot',
    'warRoomChat',
  ];
  checks.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return {
    integrationId: integration.id,
    // 'unknown' does not fail the report: it says only that we cannot tell.
    ok: checks.every(c => c.status !== 'failed'),
    checkedAt: DateTime.utc().toISO()!,
    checks,
  };
}

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
async function appchatCheck(
  integration: WeComIntegration,
  client: HealthCheckClient,
  visibleDepartments: number[] | undefined,
  add: (
    id: WeComHealthCheckId,
    status: WeComHealthCheck['status'],
    message: string,
    error?: unknown,
    hint?: string,
  ) => void,
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

/**
 * The smart bot. Callback mode: a sample encrypted with the configured
 * Token and EncodingAESKey decrypts with our own crypto (the keys are
 * well-formed and consistent), and whether WeCom verified the bot's
 * callback URL; until it has, the result is 'unknown'. Long connection: a
 * backend replica holds the connection's lease (the holder keeps the
 * WebSocket open, renewing the lease while it runs).
 */
async function botCheck(
  integration: WeComIntegration,
  state: IntegrationState,
  botConnections: BotConnectionLeases,
): Promise<WeComHealthCheck> {
  const base = { id: 'bot' as const, title: TITLES.bot };
  const bot = integration.bot;
  if (!bot) {
    return { ...base, status: 'skipped', message: 'No smart bot is set up' };
  }
  if (bot.mode === 'longConnection') {
    const lease = await botConnections.lease(integration.id);
    if (lease && lease.expiresAt > DateTime.utc()) {
      return {
        ...base,
        status: 'ok',
        message: `A backend replica (${lease.holder}) holds the long connection`,
      };
    }
    return {
      ...base,
      status: 'failed',
      message: 'No backend replica holds the long connection',
      hint: "Check the bot's Bot ID and Secret (WeCom admin console → the bot → API mode: long connection) and that the backend can reach WeCom's WebSocket; the backend log names the cause",
    };
  }
  const sample = `health-check-${DateTime.utc().toMillis()}`;
  try {
    const crypto = new WeComCrypto({
      token: bot.token,
      encodingAESKey: bot.encodingAESKey,
      receiveId: '',
    });
    if (crypto.decrypt(crypto.encrypt(sample)).message !== sample) {
      throw new Error('the sample did not decrypt to itself');
    }
  } catch (error) {
    return {
      ...base,
      status: 'failed',
      message: `The bot's callback keys do not work: ${
        isError(error) ? error.message : String(error)
      }`,
      hint: "Copy the bot's Token and EncodingAESKey (43 characters) from the bot's API settings in the WeCom admin console",
    };
  }
  if (state.botVerifiedAt) {
    return {
      ...base,
      status: 'ok',
      message: `The keys decrypt a sample; WeCom verified the bot's callback URL ${state.botVerifiedAt.toRelative()}`,
    };
  }
  return {
    ...base,
    status: 'unknown',
    message:
      "The keys decrypt a sample; WeCom has not verified the bot's callback URL yet",
    hint: "Save the bot's callback URL, Token and EncodingAESKey in the bot's API settings in WeCom; WeCom verifies the URL on save",
  };
}

function callbackCheck(
  integration: WeComIntegration,
  state: IntegrationState,
): WeComHealthCheck {
  const base = { id: 'callback' as const, title: TITLES.callback };
  if (!integration.callback) {
    return {
      ...base,
      status: 'failed',
      message: 'No callback Token and EncodingAESKey are set',
      hint: 'In the app\'s "API receive" settings in WeCom, generate a Token and EncodingAESKey, enter them here, then save the Callback URL in WeCom',
    };
  }
  const seen = state.lastCallbackAt ?? state.callbackVerifiedAt;
  if (!state.callbackVerifiedAt && !state.lastCallbackAt) {
    return {
      ...base,
      status: 'failed',
      message: 'WeCom has not verified the Callback URL yet',
      hint: 'Paste the Callback URL, Token and EncodingAESKey into the app\'s "API receive" settings in WeCom and save; WeCom verifies the URL on save',
    };
  }
  return {
    ...base,
    status: 'ok',
    message: `WeCom last reached the callback ${seen!.toRelative()}`,
  };
}

/**
 * WeCom's own answer (an errcode) or our own finding (a missing secret or
 * suite ticket), as opposed to whatever else answered or failed.
 */
function fromWeCom(error: unknown): boolean {
  return (
    error instanceof WeComApiError || error instanceof WeComCredentialsError
  );
}

// One text for every failure that is not WeCom's answer: a refused port, a
// time-out, an HTTP error page and a JSON service that is not WeCom all read
// the same, so the test tells nobody what runs at an address. The backend
// log has the cause.
const NO_WECOM_MESSAGE =
  "No answer from WeCom's API: the endpoint could not be reached, or what answered is not WeCom";
const NO_WECOM_HINT =
  'Check the endpoint (apiBaseUrl) and that the backend can reach it; the backend log names the cause';

function hintFor(error: unknown): { hint?: string; errcode?: number } {
  if (error instanceof WeComApiError) {
    return { hint: error.hint, errcode: error.errcode };
  }
  if (error instanceof WeComCredentialsError) {
    return { hint: error.hint };
  }
  return error ? { hint: NO_WECOM_HINT } : {};
}

function describe(error: unknown): string {
  if (error instanceof WeComApiError) {
    return `WeCom answered ${error.errcode}: ${error.errmsg}`;
  }
  if (error instanceof WeComCredentialsError) return error.message;
  return NO_WECOM_MESSAGE;
}
