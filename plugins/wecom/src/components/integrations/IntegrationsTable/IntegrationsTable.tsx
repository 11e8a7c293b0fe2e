import {
  Button,
  Cell,
  CellText,
  ColumnConfig,
  Flex,
  Table,
  Text,
} from '@backstage/ui';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import type { ConnectionTestState } from '../hooks/useConnectionTests';
import {
  CONFIG_READ_ONLY_NOTE,
  modeLabel,
  sourceLabel,
} from '../integrationLabels';
import { SecretStates } from '../SecretStates';

/** Props of {@link IntegrationsTable}. */
export interface IntegrationsTableProps {
  integrations: WeComIntegrationView[];
  tests: Readonly<Record<string, ConnectionTestState>>;
  /** Shows the setup details of a row. */
  onSelect: (integrationId: string) => void;
  onTest: (integrationId: string) => void;
  /** Opens the setup form; offered for database integrations only. */
  onEdit: (integration: WeComIntegrationView) => void;
  onDelete: (integration: WeComIntegrationView) => void;
}

/** The custom app's AgentId, or the suite a third-party app belongs to. */
function corpIdDetail(item: WeComIntegrationView): string | undefined {
  if (item.agentId !== undefined) return `AgentId ${item.agentId}`;
  if (item.suiteId) return `Suite ${item.suiteId}`;
  return undefined;
}

/** One row per integration; a row click shows its setup details. */
export const IntegrationsTable = (props: IntegrationsTableProps) => {
  const { integrations, tests, onSelect, onTest, onEdit, onDelete } = props;

  const columns: ColumnConfig<WeComIntegrationView>[] = [
    {
      id: 'name',
      label: 'Name',
      isRowHeader: true,
      cell: item => <CellText title={item.name} description={item.id} />,
    },
    {
      id: 'mode',
      label: 'Mode',
      cell: item => (
        <CellText
          title={modeLabel(item.mode)}
          description={
            item.privateDeployment ? 'Private deployment' : undefined
          }
        />
      ),
    },
    {
      id: 'corpId',
      label: 'Corp ID',
      cell: item => (
        <CellText title={item.corpId} description={corpIdDetail(item)} />
      ),
    },
    {
      id: 'source',
      label: 'Source',
      cell: item => <CellText {...sourceLabel(item.source)} />,
    },
    {
      id: 'warRoom',
      label: 'War Room',
      cell: item => <CellText title={item.warRoom.enabled ? 'On' : 'Off'} />,
    },
    {
      id: 'secrets',
      label: 'Secrets',
      cell: item => (
        <Cell>
          <SecretStates integration={item} />
        </Cell>
      ),
    },
    {
      id: 'actions',
      label: 'Actions',
      cell: item => (
        <Cell>
          <Flex direction="column" gap="1">
            <Flex gap="1" align="center">
              <Button
                variant="secondary"
                size="small"
                isPending={tests[item.id]?.status === 'running'}
                onPress={() => {
                  onSelect(item.id);
                  onTest(item.id);
                }}
              >
                Test connection
              </Button>
              {item.source === 'database' && (
                <>
                  <Button
                    variant="tertiary"
                    size="small"
                    aria-label={`Edit ${item.name}`}
                    onPress={() => onEdit(item)}
                  >
                    Edit
                  </Button>
                  <Button
                    variant="tertiary"
                    size="small"
                    destructive
                    aria-label={`Delete ${item.name}`}
                    onPress={() => onDelete(item)}
                  >
                    Delete
                  </Button>
                </>
              )}
            </Flex>
            {item.source === 'config' && (
              <Text variant="body-x-small" color="secondary">
                {CONFIG_READ_ONLY_NOTE}
              </Text>
            )}
          </Flex>
        </Cell>
      ),
    },
  ];

  return (
    <Table
      columnConfig={columns}
      data={integrations}
      pagination={{ type: 'none' }}
      rowConfig={{ onClick: item => onSelect(item.id) }}
    />
  );
};
