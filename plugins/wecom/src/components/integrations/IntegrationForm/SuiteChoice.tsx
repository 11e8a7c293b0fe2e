import { Flex, Select, Text, TextField } from '@backstage/ui';
import type { WeComSuiteSummary } from 'backstage-plugin-wecom-common';

/** How the form names a suite: its name and id, or its id. */
function suiteLabel(suite: WeComSuiteSummary): string {
  return suite.name ? `${suite.name} (${suite.suiteId})` : suite.suiteId;
}

/**
 * Which suite serves a third-party app. The backend lists the suites its
 * admin configured: one is named, several are a choice, none is a stop.
 * Without that list (an older backend), the Suite ID is typed.
 */
export const SuiteChoice = (props: {
  suites?: WeComSuiteSummary[];
  suiteId: string;
  error?: string;
  onChange: (suiteId: string) => void;
}) => {
  const { suites, suiteId, error, onChange } = props;
  if (!suites) {
    return (
      <TextField
        label="Suite ID"
        description="The service provider's suite this app belongs to (optional when Backstage has only one)."
        name="suiteId"
        value={suiteId}
        onChange={onChange}
        validationBehavior="aria"
        validate={() => error}
      />
    );
  }
  if (suites.length === 0) {
    return (
      <Text variant="body-medium" color="danger">
        No third-party suite is configured in Backstage: your Backstage admin
        adds it under wecom.suites in app-config first.
      </Text>
    );
  }
  if (suites.length === 1) {
    return (
      <Text variant="body-medium">
        Suite: <code>{suiteLabel(suites[0])}</code> (the only one configured in
        Backstage)
      </Text>
    );
  }
  return (
    <Flex direction="column" gap="1">
      <Select
        label="Suite"
        description="The service provider's suite the corp installs."
        options={suites.map(suite => ({
          id: suite.suiteId,
          label: suiteLabel(suite),
        }))}
        value={suiteId || null}
        onChange={key => onChange(key ? String(key) : '')}
        isInvalid={Boolean(error)}
        isRequired
        style={{ maxWidth: 480 }}
      />
      {error && (
        <Text variant="body-small" color="danger">
          {error}
        </Text>
      )}
    </Flex>
  );
};
