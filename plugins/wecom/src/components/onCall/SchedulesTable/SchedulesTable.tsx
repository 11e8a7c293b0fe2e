import { Button, Cell, CellText, Flex } from '@backstage/ui';
import type { WeComSchedule } from 'backstage-plugin-wecom-common';
import { DataTable, DataTableColumn } from '../../shared/DataTable';
import { NameLookup } from '../onCallLabels';
import { OnCallNow } from '../OnCallNow';
import { RowActions } from '../RowActions';
import { refWithoutDefaultNamespace } from '../../shared/memberRefs';

/** Props of {@link SchedulesTable}. */
export interface SchedulesTableProps {
  schedules: WeComSchedule[];
  nameOf: NameLookup;
  canManage: boolean;
  onShow: (schedule: WeComSchedule) => void;
  onEdit: (schedule: WeComSchedule) => void;
  onDelete: (schedule: WeComSchedule) => void;
}

const columns: DataTableColumn[] = [
  { id: 'name', name: 'Name', isRowHeader: true },
  { id: 'owner', name: 'Owner group' },
  { id: 'timeZone', name: 'Time zone' },
  { id: 'now', name: 'On call now' },
  { id: 'layers', name: 'Layers' },
  { id: 'actions', name: 'Actions' },
];

/** The schedules: who owns them, their zone, who is on call now. */
export const SchedulesTable = (props: SchedulesTableProps) => {
  const { nameOf } = props;
  const cell = (column: DataTableColumn, schedule: WeComSchedule) => {
    switch (column.id) {
      case 'name':
        return <CellText title={schedule.name} />;
      case 'owner':
        return (
          <CellText
            title={nameOf(schedule.ownerRef)}
            description={refWithoutDefaultNamespace(schedule.ownerRef)}
          />
        );
      case 'timeZone':
        return <CellText title={schedule.timeZone} />;
      case 'now':
        return (
          <Cell>
            <OnCallNow scheduleId={schedule.id} nameOf={nameOf} />
          </Cell>
        );
      case 'layers':
        return <CellText title={String(schedule.layers.length)} />;
      default:
        return (
          <Cell>
            <Flex gap="1">
              <Button
                size="small"
                variant="secondary"
                aria-label={`Timeline of ${schedule.name}`}
                onPress={() => props.onShow(schedule)}
              >
                Timeline
              </Button>
              {props.canManage && (
                <RowActions
                  name={schedule.name}
                  onEdit={() => props.onEdit(schedule)}
                  onDelete={() => props.onDelete(schedule)}
                />
              )}
            </Flex>
          </Cell>
        );
    }
  };
  return (
    <DataTable
      label="Schedules"
      columns={columns}
      rows={props.schedules}
      emptyText="No schedules yet."
      cell={cell}
    />
  );
};
