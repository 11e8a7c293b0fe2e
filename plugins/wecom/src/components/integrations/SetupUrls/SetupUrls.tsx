import { Box } from '@backstage/ui';
import type { WeComIntegrationUrls } from 'backstage-plugin-wecom-common';
import { CopyableValue } from '../../shared/CopyableValue';

/** The URLs in the order an admin meets them in the WeCom admin console. */
const urlFields: Array<{
  key: keyof WeComIntegrationUrls;
  label: string;
  where: string;
}> = [
  {
    key: 'callbackUrl',
    label: 'Callback URL',
    where:
      'App Management → your app → Receive Messages → Set API Receive: the URL, with the Callback Token and EncodingAESKey.',
  },
  {
    key: 'botCallbackUrl',
    label: 'Bot callback URL',
    where:
      "The smart bot's API mode settings: the callback URL, with the Bot Token and EncodingAESKey.",
  },
  {
    key: 'homepageUrl',
    label: 'App Homepage URL',
    where:
      'App Management → your app → App Homepage, so members open Backstage from the WeCom workspace.',
  },
  {
    key: 'suiteCallbackUrl',
    label: 'Instruction callback URL (指令回调URL)',
    where:
      "Service provider console → your app → Callback settings: the instruction callback, with the suite's Token and EncodingAESKey (wecom.suites).",
  },
  {
    key: 'suiteDataCallbackUrl',
    label: 'Data callback URL (数据回调URL)',
    where:
      'Service provider console → your app → Callback settings: the data callback, with the same Token and EncodingAESKey. Card clicks arrive here; without it they change nothing.',
  },
  {
    key: 'trustedDomain',
    label: 'Trusted domain',
    where:
      'App Management → your app → Web Authorization and JS-SDK → Trusted domain (for the OAuth sign-in).',
  },
];

/**
 * The URLs to paste into the WeCom admin console, each with a copy button
 * and where it goes. The backend sends only those that apply (no homepage
 * for a third-party app), so absent ones are left out.
 */
export const SetupUrls = (props: { urls: WeComIntegrationUrls }) => (
  <Box as="dl" m="0">
    {urlFields.map(field => {
      const value = props.urls[field.key];
      return value ? (
        <CopyableValue
          key={field.key}
          label={field.label}
          where={field.where}
          value={value}
        />
      ) : null;
    })}
  </Box>
);
