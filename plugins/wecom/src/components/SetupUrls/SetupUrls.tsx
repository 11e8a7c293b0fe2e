import { CopyTextButton } from '@backstage/core-components';
import { Box, Flex, Text } from '@backstage/ui';
import type { WeComIntegrationUrls } from 'backstage-plugin-wecom-common';

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
    key: 'trustedDomain',
    label: 'Trusted domain',
    where:
      'App Management → your app → Web Authorization and JS-SDK → Trusted domain (for the OAuth sign-in).',
  },
];

const UrlField = (props: { label: string; where: string; value: string }) => (
  <Box mb="3">
    <dt>
      <Text variant="body-medium" weight="bold">
        {props.label}
      </Text>
    </dt>
    <Box as="dd" m="0">
      <Flex gap="2" align="center">
        <Text
          variant="body-medium"
          style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
        >
          {props.value}
        </Text>
        <CopyTextButton
          text={props.value}
          aria-label={`Copy ${props.label}`}
          variant="tertiary"
        />
      </Flex>
      <Text variant="body-small" color="secondary">
        {props.where}
      </Text>
    </Box>
  </Box>
);

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
        <UrlField
          key={field.key}
          label={field.label}
          where={field.where}
          value={value}
        />
      ) : null;
    })}
  </Box>
);
