import { mockServices } from '@backstage/backend-test-utils';
import { DateTime } from 'luxon';
import { WeComApiError } from '../connector';
import { HealthCheckClient, runHealthCheck } from './healthCheck';
import { WeComIntegration } from './types';

// WeCom's sample EncodingAESKey (43 characters).
const KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';

function fakeClient(appchatAnswer: unknown): HealthCheckClient {
  return {
    getAccessToken: async () => 'token',
    getAgent: async () => ({ allow_partys: { partyid: [1] } }),
    getUser: async () => ({}),
    getUserIdByMobile: async () => 'u',
    getAppChat: async () => {
      throw appchatAnswer;
    },
  };
}

const integration = (
  overrides: Partial<WeComIntegration> = {},
): WeComIntegration => ({
  id: 'i',
  name: 'I',
  mode: 'customApp',
  corpId: 'ww1',
  agentId: 1000002,
  secret: 's',
  apiBaseUrl: 'https://qyapi.weixin.qq.com',
  warRoom: { enabled: true },
  source: 'database',
  ...overrides,
});

const appchatError = (errcode: number) =>
  new WeComApiError({ errcode, errmsg: 'x', api: '/cgi-bin/appchat/get' });

async function check(
  id: string,
  options: {
    integration?: Partial<WeComIntegration>;
    appchat?: unknown;
    state?: Parameters<typeof runHealthCheck>[2];
    lease?: { holder: string; expiresAt: DateTime };
  } = {},
) {
  const report = await runHealthCheck(
    integration(options.integration),
    fakeClient(options.appchat ?? appchatError(86003)),
    options.state ?? {},
    mockServices.logger.mock(),
    { lease: async () => options.lease },
  );
  return report.checks.find(c => c.id === id)!;
}

describe('health check: smart bot', () => {
  it('is skipped without a bot', async () => {
    expect((await check('bot')).status).toBe('skipped');
  });

  it('decrypts a sample with the callback keys and says WeCom has not called yet', async () => {
    const bot = await check('bot', {
      integration: {
        bot: { mode: 'callback', token: 't', encodingAESKey: KEY },
      },
    });
    expect(bot.status).toBe('unknown');
    expect(bot.message).toMatch(/keys decrypt a sample/);
  });

  it('is ok once WeCom verified the bot callback URL', async () => {
    const bot = await check('bot', {
      integration: {
        bot: { mode: 'callback', token: 't', encodingAESKey: KEY },
      },
      state: { botVerifiedAt: DateTime.utc().minus({ hours: 1 }) },
    });
    expect(bot.status).toBe('ok');
  });

  it('fails when the EncodingAESKey is not well-formed', async () => {
    const bot = await check('bot', {
      integration: {
        bot: { mode: 'callback', token: 't', encodingAESKey: 'short' },
      },
    });
    expect(bot.status).toBe('failed');
    expect(bot.hint).toMatch(/EncodingAESKey/);
  });

  const longConnection = {
    mode: 'longConnection' as const,
    botId: 'aib1',
    secret: 'x',
  };

  it('is ok while a replica holds the long connection', async () => {
    const bot = await check('bot', {
      integration: { bot: longConnection },
      lease: {
        holder: 'host:1',
        expiresAt: DateTime.utc().plus({ minutes: 1 }),
      },
    });
    expect(bot.status).toBe('ok');
  });

  it('fails when no replica holds the long connection', async () => {
    const bot = await check('bot', {
      integration: { bot: longConnection },
      lease: {
        holder: 'host:1',
        expiresAt: DateTime.utc().minus({ minutes: 5 }),
      },
    });
    expect(bot.status).toBe('failed');
  });
});

describe('health check: group chats for War Rooms', () => {
  it('is ok when appchat/get of a chat that cannot exist answers 86003', async () => {
    expect((await check('warRoomChat')).status).toBe('ok');
  });

  it('fails with the root-department hint on 48002', async () => {
    const chat = await check('warRoomChat', { appchat: appchatError(48002) });
    expect(chat.status).toBe('failed');
    expect(chat.hint).toMatch(/root department/);
  });

  it('is unknown on any other answer', async () => {
    const chat = await check('warRoomChat', { appchat: appchatError(60020) });
    expect(chat.status).toBe('unknown');
  });

  it('is skipped for a third-party app (appchat is for self-built apps)', async () => {
    const chat = await check('warRoomChat', {
      integration: {
        mode: 'thirdPartyApp',
        agentId: undefined,
        secret: undefined,
      },
    });
    expect(chat.status).toBe('skipped');
  });
});
