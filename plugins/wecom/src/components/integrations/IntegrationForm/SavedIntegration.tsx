import { Alert, Box, Button, Flex, Text } from '@backstage/ui';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import type { ConnectionTestState } from '../hooks/useConnectionTests';
import { ConnectionTestOutcome } from '../ConnectionTestOutcome';
import { SetupUrls } from '../SetupUrls';
import { CopyableValue } from '../../shared/CopyableValue';

/** A Token or EncodingAESKey typed or generated in the form just saved. */
export interface EnteredKey {
  label: string;
  value: string;
}

/**
 * The keys from this session, shown once: the backend never returns them,
 * and the admin needs them next to the URLs in WeCom's settings.
 */
const EnteredKeys = (props: { keys: EnteredKey[] }) => (
  <section aria-label="Keys you entered">
    <Text as="h4" variant="title-x-small">
      Keys you entered
    </Text>
    <Text variant="body-small" color="secondary">
      Shown only now: Backstage keeps them write-only once this dialog closes.
    </Text>
    <Box as="dl" m="0" mt="2">
      {props.keys.map(key => (
        <CopyableValue key={key.label} label={key.label} value={key.value} />
      ))}
    </Box>
  </section>
);

/**
 * What to do after saving: paste the URLs (and keys) into the WeCom admin
 * console, then test the connection.
 */
export const SavedIntegration = (props: {
  integration: WeComIntegrationView;
  enteredKeys: EnteredKey[];
  test?: ConnectionTestState;
  onTest: () => void;
}) => {
  const { integration, enteredKeys, test, onTest } = props;
  return (
    <Flex direction="column" gap="4">
      <Alert
        status="success"
        title={`${integration.name} is saved`}
        description="Now paste these into the WeCom admin console. WeCom checks the callback URL when you save it there, which works now that Backstage knows the Token and EncodingAESKey."
      />
      <SetupUrls urls={integration.urls} />
      {enteredKeys.length > 0 && <EnteredKeys keys={enteredKeys} />}
      <Flex>
        <Button
          variant="secondary"
          isPending={test?.status === 'running'}
          onPress={onTest}
        >
          Test connection
        </Button>
      </Flex>
      <ConnectionTestOutcome
        test={test}
        notTestedText="Test connection checks the Secret, the app's visibility, the basic APIs, contacts access and the callback."
      />
    </Flex>
  );
};
