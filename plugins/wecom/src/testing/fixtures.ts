import type {
  WeComHealthReport,
  WeComIntegrationView,
  WeComLinkedUser,
  WeComLinkedUsersPage,
  WeComLinkRun,
} from 'backstage-plugin-wecom-common';
import type { WeComApi } from '../api';

// Declared apart so the fixtures carry every setup URL the page can show,
// whichever of them the shared type currently lists.
export const acmeUrls = {
  callbackUrl:
    'https://backstage.example.com/api/wecom/integrations/acme/callback',
  botCallbackUrl:
    'https://backstage.example.com/api/wecom/integrations/acme/bot-callback',
  homepageUrl: 'https://backstage.example.com/wecom/login/acme',
  trustedDomain: 'backstage.example.com',
};

export const globexUrls = {
  callbackUrl:
    'https://backstage.example.com/api/wecom/integrations/globex/callback',
  botCallbackUrl:
    'https://backstage.example.com/api/wecom/integrations/globex/bot-callback',
  homepageUrl: 'https://backstage.example.com/wecom/login/globex',
  trustedDomain: 'backstage.example.com',
};

/** A custom app from app-config.yaml with every secret set. */
export const acmeIntegration: WeComIntegrationView = {
  id: 'acme',
  name: 'ACME corp',
  mode: 'customApp',
  corpId: 'ww0123456789abcdef',
  agentId: 1000002,
  apiBaseUrl: 'https://qyapi.weixin.qq.com',
  privateDeployment: false,
  secret: 'set',
  callback: { token: 'set', encodingAESKey: 'set' },
  bot: {
    mode: 'callback',
    token: 'set',
    encodingAESKey: 'set',
    secret: 'unset',
  },
  warRoom: { enabled: true },
  source: 'config',
  urls: acmeUrls,
};

/** A third-party app from the setup form, half configured. */
export const globexIntegration: WeComIntegrationView = {
  id: 'globex',
  name: 'Globex',
  mode: 'thirdPartyApp',
  corpId: 'wwfedcba9876543210',
  apiBaseUrl: 'https://wecom.globex.internal',
  privateDeployment: true,
  secret: 'unset',
  callback: { token: 'set', encodingAESKey: 'unset' },
  bot: {
    mode: 'callback',
    token: 'unset',
    encodingAESKey: 'unset',
    secret: 'unset',
  },
  warRoom: { enabled: false },
  suiteId: 'wwsuite42',
  source: 'database',
  urls: globexUrls,
};

/** A health check where the token works but WeCom refuses the caller's IP. */
export const failingReport: WeComHealthReport = {
  integrationId: 'acme',
  ok: false,
  checkedAt: '2025-01-02T03:04:05.000Z',
  checks: [
    {
      id: 'token',
      title: 'Access token',
      status: 'ok',
      message: 'The Corp ID and Secret are accepted.',
    },
    {
      id: 'basicApi',
      title: 'Basic API',
      status: 'failed',
      message: 'WeCom refused the call from this server.',
      hint: "Add the backend's egress IP to the app's trusted IPs.",
      errcode: 60020,
    },
    {
      id: 'callback',
      title: 'Callback',
      status: 'skipped',
      message: 'Skipped because an earlier step failed.',
    },
  ],
};

/** A {@link WeComApi} whose every method is a jest mock. */
export function createMockWeComApi(): jest.Mocked<WeComApi> {
  return {
    listIntegrations: jest.fn(),
    getIntegration: jest.fn(),
    // No suite configured unless a test says otherwise.
    listSuites: jest.fn().mockResolvedValue([]),
    createIntegration: jest.fn(),
    updateIntegration: jest.fn(),
    deleteIntegration: jest.fn(),
    testIntegration: jest.fn(),
    listLinkedUsers: jest.fn(),
    startOneClickLink: jest.fn(),
    getLatestOneClickLink: jest.fn(),
    getOneClickLinkRun: jest.fn(),
    linkUser: jest.fn(),
    unlinkUser: jest.fn(),
    previewWorkspaceLink: jest.fn(),
    completeWorkspaceLink: jest.fn(),
    createIncident: jest.fn(),
    listIncidents: jest.fn(),
    getIncident: jest.fn(),
    getIncidentTimeline: jest.fn(),
    transitionIncident: jest.fn(),
    updateIncident: jest.fn(),
    listIncidentDeliveries: jest.fn(),
    listCardTemplates: jest.fn(),
    saveCardTemplate: jest.fn(),
    deleteCardTemplate: jest.fn(),
    previewCardTemplate: jest.fn(),
    // The incident page always shows the War Room card: no War Room unless
    // a test says otherwise.
    getWarRoom: jest.fn().mockResolvedValue(undefined),
    createWarRoom: jest.fn(),
    inviteToWarRoom: jest.fn(),
    dismissWarRoom: jest.fn(),
    listWarRooms: jest.fn(),
    getWarRoomAvailability: jest.fn().mockResolvedValue({ available: true }),
    // The incident page always shows the post-mortem card: none by default.
    getPostmortem: jest.fn().mockResolvedValue(undefined),
    generatePostmortem: jest.fn(),
    updatePostmortem: jest.fn(),
    postPostmortemToWarRoom: jest.fn(),
    downloadPostmortem: jest.fn(),
    // The WeCom page always shows "My notifications": answer by default so
    // tests about other parts of the page need not mock it.
    getMyPreferences: jest
      .fn()
      .mockResolvedValue({ personalChannelEnabled: true }),
    updateMyPreferences: jest.fn(),
  };
}

/** Linked by One-Click Link through the mobile in the catalog. */
export const zhangsan: WeComLinkedUser = {
  entityRef: 'user:default/zhangsan',
  displayName: 'Zhang San',
  email: 'zhangsan@acme.example',
  wecomUserId: 'ZhangSan',
  source: 'oneClick',
  linkedAt: '2026-11-20T08:30:00.000Z',
};

/** Not linked: One-Click Link found nobody, or never ran. */
export const lisi: WeComLinkedUser = {
  entityRef: 'user:default/lisi',
  displayName: 'Li Si',
  email: 'lisi@acme.example',
  wecomUserId: null,
};

/** Linked by an admin by hand. */
export const wangwu: WeComLinkedUser = {
  entityRef: 'user:platform/wangwu',
  displayName: 'Wang Wu',
  wecomUserId: 'wangwu',
  source: 'manual',
  linkedAt: '2026-11-21T09:00:00.000Z',
  linkedBy: 'user:default/admin',
};

/** A page of `GET /linked-users` for acme; override what a test needs. */
export function linkedUsersPage(
  overrides: Partial<WeComLinkedUsersPage> = {},
): WeComLinkedUsersPage {
  const items = overrides.items ?? [zhangsan, lisi, wangwu];
  return {
    integrationId: 'acme',
    items,
    totalCount: items.length,
    offset: 0,
    limit: 50,
    counts: { all: 120, linked: 90, unlinked: 30 },
    ...overrides,
  };
}

/** A One-Click Link run of acme, 120 of 500 users looked up so far. */
export const runningRun: WeComLinkRun = {
  id: 'run-1',
  integrationId: 'acme',
  status: 'running',
  startedAt: '2026-11-25T10:00:00.000Z',
  startedBy: 'user:default/admin',
  progress: { total: 500, processed: 120 },
  alreadyLinked: 0,
  linked: [],
  notFound: [],
  failed: [],
};

/** The same run, finished: some linked, some not found, one failed. */
export const completedRun: WeComLinkRun = {
  ...runningRun,
  status: 'completed',
  finishedAt: '2026-11-25T10:02:00.000Z',
  progress: { total: 500, processed: 500 },
  alreadyLinked: 4,
  linked: [
    {
      entityRef: 'user:default/zhangsan',
      wecomUserId: 'ZhangSan',
      via: 'mobile',
    },
    { entityRef: 'user:default/zhaoliu', wecomUserId: 'zhaoliu', via: 'email' },
  ],
  notFound: [
    { entityRef: 'user:default/lisi', tried: ['mobile', 'email'] },
    { entityRef: 'user:default/contractor', tried: [] },
  ],
  failed: [
    {
      entityRef: 'user:default/sunqi',
      reason: 'The member is outside the visible range of the app.',
      errcode: 60011,
    },
  ],
};

/** A run that stopped because the app may not read the contacts. */
export const stoppedRun: WeComLinkRun = {
  ...runningRun,
  status: 'failed',
  finishedAt: '2026-11-25T10:00:05.000Z',
  progress: { total: 500, processed: 0 },
  error: {
    message: 'WeCom does not let this app look up members.',
    hint: 'Give the app access to the contacts (通讯录) in the WeCom admin console.',
    errcode: 48002,
  },
};
