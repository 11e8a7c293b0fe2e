import { Cell, CellText, Text } from '@backstage/ui';
import type { WeComWarRoomMember } from 'backstage-plugin-wecom-common';
import { useEntityPath } from '../../shared/hooks/useEntityPath';
import { DataTable, DataTableColumn } from '../../shared/DataTable';
import { formatTime } from '../../incidents/incidentLabels';
import { entityRefName } from '../../shared/memberRefs';
import { formatRelativeTime } from '../../shared/timeLabels';
import { warRoomRoleLabel } from '../warRoomLabels';

type MemberRow = WeComWarRoomMember & { id: string };

type MemberColumn = DataTableColumn;

const columns: MemberColumn[] = [
  { id: 'member', name: 'Member', isRowHeader: true },
  { id: 'wecomUserId', name: 'WeCom userid' },
  { id: 'role', name: 'Role' },
  { id: 'addedAt', name: 'Added' },
];

/**
 * The people in the War Room's WeCom group: who (linked to their catalog
 * page), their WeCom userid, why they are in it and when they were added.
 */
export const WarRoomMembersTable = (props: {
  members: WeComWarRoomMember[];
}) => {
  const entityPath = useEntityPath();
  const rows: MemberRow[] = props.members.map(member => ({
    ...member,
    id: member.entityRef,
  }));

  const cell = (column: MemberColumn, member: MemberRow) => {
    switch (column.id) {
      case 'member':
        return (
          <CellText
            title={entityRefName(member.entityRef)}
            href={entityPath(member.entityRef)}
          />
        );
      case 'wecomUserId':
        return <CellText title={member.wecomUserId} />;
      case 'role':
        return <CellText title={warRoomRoleLabel(member.role)} />;
      default:
        return (
          <Cell>
            <Text variant="body-medium">
              <time
                dateTime={member.addedAt}
                title={formatTime(member.addedAt)}
              >
                {formatRelativeTime(member.addedAt)}
              </time>
            </Text>
          </Cell>
        );
    }
  };

  return (
    <DataTable
      label="War Room members"
      columns={columns}
      rows={rows}
      emptyText="Nobody is in the group yet."
      cell={cell}
    />
  );
};
