import { Flex, Text } from '@backstage/ui';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import type { ConnectionTestState } from '../hooks/useConnectionTests';
import { ConnectionTestOutcome } from '../ConnectionTestOutcome';
import { CONFIG_READ_ONLY_NOTE, botTransportLabel } from '../integrationLabels';
import { SetupUrls } from '../SetupUrls';

/**
 * The setup side of one integration: the URLs to paste into the WeCom admin
 * console and the outcome of its latest connection test.
 */
export const IntegrationDetails = (props: {
  integration: WeComIntegrationView;
  test?: ConnectionTestState;
}) => {
  const { integration, test } = props;
  return (
    <section aria-label={`Setup of ${integration.name}`}>
      <Flex direction="column" gap="4">
        <Text as="h3" variant="title-small">
          Setup of {integration.name}
        </Text>
        {integration.source === 'config' && (
          <Text variant="body-small" color="secondary">
            {CONFIG_READ_ONLY_NOTE}
          </Text>
        )}
        {integration.privateDeployment && (
          <Text variant="body-small" color="secondary">
            Private deployment: WeCom API at {integration.apiBaseUrl}
          </Text>
        )}
        <Text variant="body-small" color="secondary">
          {botTransportLabel(integration)}
        </Text>
        {integration.mode === 'thirdPartyApp' && (
          <Text
            variant="body-medium"
            color={
              integration.authorization?.status === 'authorized'
                ? 'primary'
                : 'danger'
            }
          >
            {authorizationText(integration.authorization)}
          </Text>
        )}
        <SetupUrls urls={integration.urls} />
        <Text as="h4" variant="title-x-small">
          Connection test
        </Text>
        <ConnectionTestOutcome
          test={test}
          notTestedText="Not tested yet. Test connection, in the integration's row, checks the Secret, the app's visibility, the basic APIs, contacts access and the callback."
        />
      </Flex>
    </section>
  );
};

/**
 * A third-party app works only while the corp's authorization is live: the
 * suite callbacks (create_auth, change_auth, cancel_auth) keep it current.
 */
function authorizationText(
  authorization: WeComIntegrationView['authorization'],
): string {
  if (!authorization || authorization.status === 'pending') {
    return "Not authorized yet: the corp's admin installs the app from WeCom, then WeCom tells Backstage which app to use. Nothing can be sent until then.";
  }
  const corp = authorization.corpName ?? 'The corp';
  if (authorization.status === 'cancelled') {
    return `Disabled: ${corp} removed the app on ${
      authorization.cancelledAt ?? 'an unknown date'
    }. No cards are sent and nobody can sign in until its admin installs the app again.`;
  }
  const scope = authorization.scope ?? {};
  return `Authorized by ${corp}: app ${
    authorization.agentId ?? '(no agent id)'
  }, visible to ${scope.allowUser?.length ?? 0} member(s), ${
    scope.allowParty?.length ?? 0
  } department(s) and ${scope.allowTag?.length ?? 0} tag(s).`;
}
