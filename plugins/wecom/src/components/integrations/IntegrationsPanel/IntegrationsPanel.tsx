import { useState } from 'react';
import { Button, Flex, Text } from '@backstage/ui';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import { useConnectionTests } from '../hooks/useConnectionTests';
import { DeleteIntegrationDialog } from '../DeleteIntegrationDialog';
import { IntegrationDetails } from '../IntegrationDetails';
import { IntegrationFormDialog } from '../IntegrationForm';
import { IntegrationsTable } from '../IntegrationsTable';

/** Which dialog is open over the list. */
type OpenDialog =
  | { kind: 'create' }
  | { kind: 'edit'; integration: WeComIntegrationView }
  | { kind: 'delete'; integration: WeComIntegrationView };

/**
 * The Integrations tab: the list, the setup details of the selected one (the
 * first, until a row is clicked), and adding, editing and deleting the
 * integrations made here.
 */
export const IntegrationsPanel = (props: {
  integrations: WeComIntegrationView[];
  /** Called after a save or delete so the page loads the list again. */
  onChange: () => void;
}) => {
  const { integrations, onChange } = props;
  const { tests, runTest } = useConnectionTests();
  const [selectedId, setSelectedId] = useState<string>();
  const [dialog, setDialog] = useState<OpenDialog>();
  const closeDialog = () => setDialog(undefined);

  const selected =
    integrations.find(item => item.id === selectedId) ?? integrations[0];

  return (
    <Flex direction="column" gap="6">
      <Flex justify="between" align="center">
        <Text as="p" variant="body-medium" style={{ margin: 0 }}>
          {integrations.length === 0
            ? 'No WeCom integration yet. Add one here, or under wecom.integrations in app-config.yaml.'
            : 'Each integration connects Backstage to one WeCom corp.'}
        </Text>
        <Button variant="primary" onPress={() => setDialog({ kind: 'create' })}>
          Add integration
        </Button>
      </Flex>
      {selected && (
        <>
          <IntegrationsTable
            integrations={integrations}
            tests={tests}
            onSelect={setSelectedId}
            onTest={runTest}
            onEdit={integration => setDialog({ kind: 'edit', integration })}
            onDelete={integration => setDialog({ kind: 'delete', integration })}
          />
          <IntegrationDetails
            integration={selected}
            test={tests[selected.id]}
          />
        </>
      )}
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <IntegrationFormDialog
          editing={dialog.kind === 'edit' ? dialog.integration : undefined}
          integrations={integrations}
          tests={tests}
          onTest={runTest}
          onSaved={saved => {
            setSelectedId(saved.id);
            onChange();
          }}
          onClose={closeDialog}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteIntegrationDialog
          integration={dialog.integration}
          onDeleted={() => {
            closeDialog();
            onChange();
          }}
          onClose={closeDialog}
        />
      )}
    </Flex>
  );
};
