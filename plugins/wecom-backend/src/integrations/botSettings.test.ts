import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { resolveBotSettings, readStoredBot } from './botSettings';
import { readConfigIntegrations } from './config';
import { WeComIntegration } from './types';
import { parseIntegrationInput } from './validation';
import { toIntegrationView } from './view';

const KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';
const longConnection = {
  mode: 'longConnection' as const,
  botId: 'aibacme01',
  secret: 'the-bot-secret',
};

function configWithBot(bot: JsonObject) {
  return new ConfigReader({
    wecom: {
      integrations: [
        {
          id: 'acme',
          corpId: 'wwacme',
          agentId: 1000002,
          secret: 'app-secret',
          bot,
        },
      ],
    },
  });
}

describe('bot settings', () => {
  describe('from app-config', () => {
    it('reads a long connection with its id, Secret and address', () => {
      const [integration] = readConfigIntegrations(
        configWithBot({
          ...longConnection,
          wsUrl: 'wss://openws.acme.internal',
        }),
      );
      expect(integration.bot).toEqual({
        ...longConnection,
        wsUrl: 'wss://openws.acme.internal',
      });
    });

    it('reads a bot without a mode as the callback, as before the long connection', () => {
      const [integration] = readConfigIntegrations(
        configWithBot({ token: 'BotToken1', encodingAESKey: KEY }),
      );
      expect(integration.bot).toEqual({
        mode: 'callback',
        token: 'BotToken1',
        encodingAESKey: KEY,
      });
    });

    it.each([
      [
        { mode: 'longConnection', botId: 'aibacme01' },
        /wecom\.integrations\[0\] \(acme\): bot: the long connection needs the bot's Secret \(secret\)/,
      ],
      [{ mode: 'longConnection', secret: 's' }, /needs the bot's ID \(botId\)/],
      [
        { mode: 'callback' },
        /bot: the bot callback needs its token and encodingAESKey/,
      ],
      [{ token: 'BotToken1' }, /needs both its Token and its EncodingAESKey/],
      [
        { ...longConnection, token: 'BotToken1' },
        /bot\.token belongs to the bot callback, not bot\.mode longConnection/,
      ],
      [
        { mode: 'websocket' },
        /bot\.mode: Bot mode must be callback or longConnection/,
      ],
      [
        { ...longConnection, wsUrl: 'https://openws.example.com' },
        /must start with ws:\/\/ or wss:\/\//,
      ],
    ])('refuses to start with the bot %j', (bot, reason) => {
      expect(() => readConfigIntegrations(configWithBot(bot))).toThrow(reason);
    });
  });

  describe('from the setup API', () => {
    it('refuses a misspelt field instead of dropping it', () => {
      expect(() =>
        parseIntegrationInput({
          name: 'Acme',
          mode: 'customApp',
          corpId: 'wwacme',
          bot: { mode: 'longConnection', botid: 'aib1' },
        }),
      ).toThrow(/bot: Unrecognized key/);
    });

    it('keeps omitted values, clears empty ones and starts afresh on a new transport', () => {
      const stored = resolveBotSettings(undefined, longConnection, 'x');
      expect(
        resolveBotSettings(
          stored,
          { wsUrl: 'wss://openws.acme.internal' },
          'x',
        ),
      ).toEqual({ ...longConnection, wsUrl: 'wss://openws.acme.internal' });
      expect(
        resolveBotSettings(
          { ...longConnection, wsUrl: 'wss://openws.acme.internal' },
          { mode: 'longConnection', wsUrl: '' },
          'x',
        ),
      ).toEqual(longConnection);
      // Switching to the callback forgets the long connection's Secret.
      expect(resolveBotSettings(stored, { mode: 'callback' }, 'x')).toBe(
        undefined,
      );
      expect(() =>
        resolveBotSettings(stored, { mode: 'longConnection', secret: '' }, 'x'),
      ).toThrow(/Invalid x: bot: the long connection needs the bot's Secret/);
      // A switch does not inherit the stored callback keys.
      expect(() =>
        resolveBotSettings(
          { mode: 'callback', token: 't', encodingAESKey: KEY },
          { mode: 'longConnection', botId: 'aib1' },
          'x',
        ),
      ).toThrow(/needs the bot's Secret/);
    });
  });

  it('reads bots stored before the long connection as callback bots', () => {
    expect(readStoredBot({ token: 't', encodingAESKey: KEY })).toEqual({
      mode: 'callback',
      token: 't',
      encodingAESKey: KEY,
    });
    expect(readStoredBot(longConnection)).toEqual(longConnection);
  });

  describe('in the view', () => {
    const base: WeComIntegration = {
      id: 'acme',
      name: 'Acme',
      mode: 'customApp',
      corpId: 'wwacme',
      apiBaseUrl: 'https://qyapi.weixin.qq.com',
      warRoom: { enabled: false },
      source: 'database',
    };

    it('shows a long connection by its id and address, the Secret only as set, and no bot callback URL', () => {
      const view = toIntegrationView(
        {
          ...base,
          bot: { ...longConnection, wsUrl: 'wss://openws.acme.internal' },
        },
        'https://backstage.example.com/api/wecom',
      );
      expect(view.bot).toEqual({
        mode: 'longConnection',
        token: 'unset',
        encodingAESKey: 'unset',
        botId: 'aibacme01',
        secret: 'set',
        wsUrl: 'wss://openws.acme.internal',
      });
      expect(view.urls.botCallbackUrl).toBeUndefined();
      expect(JSON.stringify(view)).not.toContain(longConnection.secret);
    });

    it('shows a callback bot and its URL', () => {
      const view = toIntegrationView(
        { ...base, bot: { mode: 'callback', token: 't', encodingAESKey: KEY } },
        'https://backstage.example.com/api/wecom',
      );
      expect(view.bot).toEqual({
        mode: 'callback',
        token: 'set',
        encodingAESKey: 'set',
        secret: 'unset',
      });
      expect(view.urls.botCallbackUrl).toBe(
        'https://backstage.example.com/api/wecom/integrations/acme/bot-callback',
      );
    });
  });
});
