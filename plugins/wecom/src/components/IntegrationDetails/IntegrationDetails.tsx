import { CopyTextButton } from '@backstage/core-components';
import { Alert, Box, Flex, Text } from '@backstage/ui';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import type { ConnectionTestState } from '../../hooks/useConnectionTests';
import { errorMessage } from '../errorMessage';
import { HealthReport } from '../HealthReport';

/** Every URL the setup may need; the backend sends those that apply. */
type SetupUrlKey =
  | 'callbackUrl'
  | 'botCallbackUrl'
  | 'homepageUrl'
  | 'trustedDomain';

/** The URLs in the order an admin meets them in the WeCom admin console. */
const urlFields: Array<{
  key: SetupUrlKey;
  label: string;
  where: string;
}> = [
  {
    key: 'callbackUrl',
    label: 'Callback URL',
    where:
      "The app's API receive settings (Receive messages), with its Token and EncodingAESKey.",
  },
  {
    key: 'botCallbackUrl',
    label: 'Bot callback URL',
    where:
      "The smart bot's API mode callback URL, with the bot's Token and EncodingAESKey.",
  },
  {
    key: 'homepageUrl',
    label: 'App Homepage URL',
    where:
      "The app's homepage, so people sign in to Backstage from the WeCom workspace.",
  },
  {
    key: 'trustedDomain',
    label: 'Trusted domain',
    where: "The app's trusted domain for web authorization (OAuth).",
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

const ConnectionTestOutcome = (props: { test?: ConnectionTestState }) => {
  const { test } = props;
  if (!test) {
    return (
      <Text variant="body-medium" color="secondary">
        Not tested yet. Test connection, in the integration&apos;s row, checks
        the Secret, the app&apos;s visibility, the basic APIs, contacts access
        and the callback.
      </Text>
    );
  }
  if (test.status === 'running') {
    return <Alert status="info" isPending title="Testing the connection…" />;
  }
  if (test.status === 'error') {
    return (
      <Alert
        status="danger"
        title="The connection test could not run"
        description={errorMessage(test.error)}
      />
    );
  }
  return <HealthReport report={test.report} />;
};

/**
 * The setup side of one integration: the URLs to paste into the WeCom admin
 * console and the outcome of its latest connection test.
 */
export const IntegrationDetails = (props: {
  integration: WeComIntegrationView;
  test?: ConnectionTestState;
}) => {
  const { integration, test } = props;
  const urls: Partial<Record<SetupUrlKey, string>> = integration.urls;
  return (
    <section aria-label={`Setup of ${integration.name}`}>
      <Flex direction="column" gap="4">
        <Text as="h3" variant="title-small">
          Setup of {integration.name}
        </Text>
        {integration.privateDeployment && (
          <Text variant="body-small" color="secondary">
            Private deployment: WeCom API at {integration.apiBaseUrl}
          </Text>
        )}
        <Box as="dl" m="0">
          {urlFields.map(field => {
            const value = urls[field.key];
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
        <Text as="h4" variant="title-x-small">
          Connection test
        </Text>
        <ConnectionTestOutcome test={test} />
      </Flex>
    </section>
  );
};
