import { CopyTextButton } from '@backstage/core-components';
import { Cell, CellText, Flex, Text } from '@backstage/ui';
import type { WeComEscalationPolicy } from 'backstage-plugin-wecom-common';
import { DataTable, DataTableColumn } from '../../shared/DataTable';
import {
  ESCALATION_POLICY_ANNOTATION,
  levelsSummary,
  NameLookup,
} from '../onCallLabels';
import { refWithoutDefaultNamespace } from '../../shared/memberRefs';
import { RowActions } from '../RowActions';

/** Props of {@link PoliciesTable}. */
export interface PoliciesTableProps {
  policies: WeComEscalationPolicy[];
  scheduleNames: Map<string, string>;
  nameOf: NameLookup;
  canManage: boolean;
  onEdit: (policy: WeComEscalationPolicy) => void;
  onDelete: (policy: WeComEscalationPolicy) => void;
}

const columns: DataTableColumn[] = [
  { id: 'name', name: 'Name', isRowHeader: true },
  { id: 'owner', name: 'Owner group' },
  { id: 'levels', name: 'Levels' },
  { id: 'attach', name: 'Attach to a component' },
  { id: 'actions', name: 'Actions' },
];

/** The policies: whom they notify in order, and how to attach them. */
export const PoliciesTable = (props: PoliciesTableProps) => {
  const cell = (column: DataTableColumn, policy: WeComEscalationPolicy) => {
    switch (column.id) {
      case 'name':
        return (
          <CellText
            title={policy.name}
            description={`${policy.id}, version ${policy.version}`}
          />
        );
      case 'owner':
        return (
          <CellText
            title={props.nameOf(policy.ownerRef)}
            description={refWithoutDefaultNamespace(policy.ownerRef)}
          />
        );
      case 'levels':
        return <CellText title={levelsSummary(policy, props.scheduleNames)} />;
      case 'attach': {
        const snippet = `${ESCALATION_POLICY_ANNOTATION}: ${policy.id}`;
        return (
          <Cell>
            <Flex align="center" gap="1">
              <Text
                variant="body-small"
                style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
              >
                {snippet}
              </Text>
              <CopyTextButton
                text={snippet}
                aria-label={`Copy the annotation for ${policy.name}`}
                variant="tertiary"
              />
            </Flex>
          </Cell>
        );
      }
      default:
        return (
          <Cell>
            {props.canManage && (
              <Flex gap="1">
                <RowActions
                  name={policy.name}
                  onEdit={() => props.onEdit(policy)}
                  onDelete={() => props.onDelete(policy)}
                />
              </Flex>
            )}
          </Cell>
        );
    }
  };
  return (
    <DataTable
      label="Escalation policies"
      columns={columns}
      rows={props.policies}
      emptyText="No escalation policies yet: incidents follow the default policy from app-config.yaml."
      cell={cell}
    />
  );
};
