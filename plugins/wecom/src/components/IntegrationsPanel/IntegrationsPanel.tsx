import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Alert, Flex, Text } from '@backstage/ui';
import { wecomApiRef } from '../../api';
import { useConnectionTests } from '../../hooks/useConnectionTests';
import { errorMessage } from '../errorMessage';
import { IntegrationDetails } from '../IntegrationDetails';
import { IntegrationsTable } from '../IntegrationsTable';

/**
 * The Integrations section: loads the integrations, lists them and shows the
 * setup details of the selected one (the first, until a row is clicked).
 */
export const IntegrationsPanel = () => {
  const api = useApi(wecomApiRef);
  const integrations = useAsync(() => api.listIntegrations(), [api]);
  const { tests, runTest } = useConnectionTests();
  const [selectedId, setSelectedId] = useState<string>();

  if (integrations.loading) {
    return <Progress aria-label="Loading the WeCom integrations" />;
  }
  if (integrations.error) {
    return (
      <Alert
        status="danger"
        title="Could not load the WeCom integrations"
        description={errorMessage(integrations.error)}
      />
    );
  }

  const items = integrations.value ?? [];
  if (items.length === 0) {
    return (
      <Text as="p" variant="body-medium">
        No WeCom integration yet. Add one under <code>wecom.integrations</code>{' '}
        in app-config.yaml.
      </Text>
    );
  }

  const selected = items.find(item => item.id === selectedId) ?? items[0];
  return (
    <Flex direction="column" gap="6">
      <IntegrationsTable
        integrations={items}
        tests={tests}
        onSelect={setSelectedId}
        onTest={runTest}
      />
      <IntegrationDetails integration={selected} test={tests[selected.id]} />
    </Flex>
  );
};
