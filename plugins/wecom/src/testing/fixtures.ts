import type {
  WeComHealthReport,
  WeComIntegrationView,
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
  bot: { token: 'set', encodingAESKey: 'set' },
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
  bot: { token: 'unset', encodingAESKey: 'unset' },
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
    createIntegration: jest.fn(),
    updateIntegration: jest.fn(),
    deleteIntegration: jest.fn(),
    testIntegration: jest.fn(),
  };
}
