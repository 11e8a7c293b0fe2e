import type { EmulatorOptions, EmulatorUser } from './types';

/** @public */
export const DEMO_CORP_ID = 'wwdemo0000000001';
/** @public */
export const DEMO_CORP_NAME = 'Demo Corp 演示企业';
/** @public */
export const DEMO_AGENT_ID = 1000002;
/** @public */
export const DEMO_APP_SECRET = 'demo-secret-wecom-emulator-1000002';
/** @public */
export const DEMO_CALLBACK_TOKEN = 'demoCallbackToken';
/** 43 characters: base64 of the 32 bytes "wecom-emulator-demo-app-aes-key!". @public */
export const DEMO_ENCODING_AES_KEY =
  'd2Vjb20tZW11bGF0b3ItZGVtby1hcHAtYWVzLWtleSE';
/** @public */
export const DEMO_BOT_ID = 'aibdemo0000000001';
/** @public */
export const DEMO_BOT_TOKEN = 'demoBotToken';
/** The demo bot's Secret for long-connection mode. @public */
export const DEMO_BOT_SECRET = 'demo-bot-secret-wecom-emulator';
/** 43 characters: base64 of the 32 bytes "wecom-emulator-demo-bot-aes-key!". @public */
export const DEMO_BOT_ENCODING_AES_KEY =
  'd2Vjb20tZW11bGF0b3ItZGVtby1ib3QtYWVzLWtleSE';
/**
 * The demo corp's third-party suite: a service provider's app the corp has
 * installed, for third-party app mode (`wecom.suites` in app-config). Its
 * corp tokens act as the demo app. @public
 */
export const DEMO_SUITE_ID = 'wwsuitedemo00001';
/** @public */
export const DEMO_SUITE_NAME = 'Incident Alerts (service provider)';
/** @public */
export const DEMO_SUITE_SECRET = 'demo-suite-secret-wecom-emulator';
/** @public */
export const DEMO_SUITE_TICKET = 'demo-suite-ticket-wecom-emulator';
/** @public */
export const DEMO_SUITE_PERMANENT_CODE = 'demo-permanent-code-wecom-emulator';
/** @public */
export const DEMO_SUITE_TOKEN = 'demoSuiteToken';
/** 43 characters: base64 of the 32 bytes "wecom-emulator-demo-suiteaes-key". @public */
export const DEMO_SUITE_ENCODING_AES_KEY =
  'd2Vjb20tZW11bGF0b3ItZGVtby1zdWl0ZWFlcy1rZXk';
/** The integration id the demo app-config uses in its callback paths. @public */
export const DEMO_INTEGRATION_ID = 'demo';
/** @public */
export const DEMO_BACKSTAGE_URL = 'http://localhost:7007';
/** @public */
export const DEMO_EMULATOR_PORT = 7701;

/**
 * A demo member together with the Backstage catalog user they are.
 *
 * @public
 */
export interface DemoUser extends EmulatorUser {
  /** `metadata.name` of the catalog User entity. */
  backstageName: string;
  /**
   * The email the catalog should carry (`spec.profile.email`): the corporate
   * mailbox when there is one, else the personal email.
   */
  catalogEmail: string;
}

/**
 * The demo directory. Most members can be linked by mobile and corporate
 * mailbox; zhaoliu has only a personal email (email_type 2) and no mobile, so
 * the demo shows both lookup paths.
 *
 * @public
 */
export const DEMO_USERS: readonly DemoUser[] = [
  demoUser(
    'guest',
    'guest',
    'Guest 访客',
    '13800000000',
    { bizMail: 'guest@example.com' },
    [1],
  ),
  demoUser(
    'jdoe',
    'JohnDoe',
    'John Doe',
    '13800000001',
    {
      bizMail: 'jdoe@example.com',
      email: 'john.doe@personal.example',
    },
    [1, 2],
  ),
  demoUser(
    'zhangsan',
    'ZhangSan',
    '张三',
    '13800000002',
    { bizMail: 'zhangsan@example.com' },
    [2],
  ),
  demoUser(
    'lisi',
    'LiSi',
    '李四',
    '13800000003',
    { bizMail: 'lisi@example.com' },
    [2],
  ),
  demoUser(
    'wangwu',
    'WangWu',
    '王五',
    '13800000004',
    { bizMail: 'wangwu@example.com' },
    [3],
  ),
  demoUser(
    'zhaoliu',
    'ZhaoLiu',
    '赵六',
    undefined,
    { email: 'zhaoliu@example.com' },
    [3],
  ),
  demoUser(
    'asmith',
    'AliceSmith',
    'Alice Smith',
    '13800000006',
    {
      bizMail: 'alice.smith@example.com',
    },
    [1, 3],
  ),
  demoUser(
    'chenjing',
    'ChenJing',
    '陈静',
    '13800000007',
    { bizMail: 'chenjing@example.com' },
    [2],
  ),
];

function demoUser(
  backstageName: string,
  userid: string,
  name: string,
  mobile: string | undefined,
  mail: { bizMail?: string; email?: string },
  department: number[],
): DemoUser {
  return {
    backstageName,
    userid,
    name,
    ...(mobile ? { mobile } : {}),
    ...mail,
    department,
    catalogEmail: mail.bizMail ?? mail.email ?? '',
  };
}

/**
 * Options for an emulator seeded with the demo corp, whose app and bot call
 * back into a local Backstage.
 *
 * @public
 */
export function demoEmulatorOptions(
  params: { backstageUrl?: string; integrationId?: string } = {},
): EmulatorOptions {
  const backstageUrl = (params.backstageUrl ?? DEMO_BACKSTAGE_URL).replace(
    /\/+$/,
    '',
  );
  const base = `${backstageUrl}/api/wecom/integrations/${
    params.integrationId ?? DEMO_INTEGRATION_ID
  }`;
  return {
    corps: [
      {
        corpId: DEMO_CORP_ID,
        name: DEMO_CORP_NAME,
        apps: [
          {
            agentId: DEMO_AGENT_ID,
            secret: DEMO_APP_SECRET,
            name: 'Incident Alerts 故障告警',
            allowUsers: 'all',
            contactPermission: true,
            callback: {
              url: `${base}/callback`,
              token: DEMO_CALLBACK_TOKEN,
              encodingAESKey: DEMO_ENCODING_AES_KEY,
            },
            homepageUrl: backstageUrl,
          },
        ],
        // Only the fields WeCom knows: backstageName and catalogEmail stay out.
        users: DEMO_USERS.map(
          ({ backstageName: _b, catalogEmail: _c, ...user }) => ({
            ...user,
            department: [...(user.department ?? [])],
          }),
        ),
        bot: {
          botId: DEMO_BOT_ID,
          token: DEMO_BOT_TOKEN,
          encodingAESKey: DEMO_BOT_ENCODING_AES_KEY,
          callbackUrl: `${base}/bot-callback`,
          botSecret: DEMO_BOT_SECRET,
        },
        // Nothing reaches Backstage until /_emulator/suites/ticket and
        // /_emulator/suites/authorize push the suite's instructions (or a
        // member clicks a card the suite's app sent).
        suites: [
          {
            suiteId: DEMO_SUITE_ID,
            suiteSecret: DEMO_SUITE_SECRET,
            suiteTicket: DEMO_SUITE_TICKET,
            permanentCode: DEMO_SUITE_PERMANENT_CODE,
            callback: {
              url: `${backstageUrl}/api/wecom/suites/${DEMO_SUITE_ID}/callback`,
              token: DEMO_SUITE_TOKEN,
              encodingAESKey: DEMO_SUITE_ENCODING_AES_KEY,
            },
            // Card clicks on the suite app's cards come back here.
            dataCallback: `${backstageUrl}/api/wecom/suites/${DEMO_SUITE_ID}/data-callback`,
          },
        ],
      },
    ],
  };
}
