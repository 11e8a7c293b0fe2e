import { Button, Cell, CellText, ColumnConfig, Table } from '@backstage/ui';
import type { WeComLinkedUser } from 'backstage-plugin-wecom-common';
import { useEntityPath } from '../../shared/hooks/useEntityPath';
import { LINKED_USERS_PAGE_SIZE } from '../hooks/useLinkedUsers';
import { linkSourceLabel } from '../linkedUserLabels';
import { formatTime } from '../../shared/timeLabels';

/** Props of {@link LinkedUsersTable}. */
export interface LinkedUsersTableProps {
  /** The current page; undefined until the first page arrives. */
  users: WeComLinkedUser[] | undefined;
  loading: boolean;
  offset: number;
  totalCount: number | undefined;
  onOffsetChange: (offset: number) => void;
  onLink: (user: WeComLinkedUser) => void;
  onUnlink: (user: WeComLinkedUser) => void;
}

type Row = WeComLinkedUser & { id: string };

/**
 * One page of catalog users and their WeCom members, with Link for the
 * unlinked and Unlink for the linked.
 */
export const LinkedUsersTable = (props: LinkedUsersTableProps) => {
  const { users, loading, offset, totalCount = 0 } = props;
  const entityPath = useEntityPath();

  const columns: ColumnConfig<Row>[] = [
    {
      id: 'displayName',
      label: 'Name',
      isRowHeader: true,
      cell: user => <CellText title={user.displayName} />,
    },
    {
      id: 'entityRef',
      label: 'Entity',
      cell: user => (
        <CellText title={user.entityRef} href={entityPath(user.entityRef)} />
      ),
    },
    {
      id: 'email',
      label: 'Email',
      cell: user => <CellText title={user.email ?? ''} />,
    },
    {
      id: 'wecomUserId',
      label: 'WeCom userid',
      cell: user => (
        <CellText
          title={user.wecomUserId ?? 'Not linked'}
          color={user.wecomUserId ? 'primary' : 'secondary'}
        />
      ),
    },
    {
      id: 'source',
      label: 'Source',
      cell: user => <CellText title={linkSourceLabel(user.source)} />,
    },
    {
      id: 'linkedAt',
      label: 'Linked at',
      cell: user => (
        <CellText
          title={formatTime(user.linkedAt)}
          description={user.linkedBy ? `by ${user.linkedBy}` : undefined}
        />
      ),
    },
    {
      id: 'actions',
      label: 'Actions',
      cell: user => (
        <Cell>
          {user.wecomUserId ? (
            <Button
              variant="secondary"
              size="small"
              onPress={() => props.onUnlink(user)}
            >
              Unlink
            </Button>
          ) : (
            <Button
              variant="secondary"
              size="small"
              onPress={() => props.onLink(user)}
            >
              Link
            </Button>
          )}
        </Cell>
      ),
    },
  ];

  return (
    <Table
      columnConfig={columns}
      data={users?.map(user => ({ ...user, id: user.entityRef }))}
      isPending={loading}
      isStale={loading && users !== undefined}
      emptyState="No users match."
      pagination={{
        type: 'page',
        pageSize: LINKED_USERS_PAGE_SIZE,
        pageSizeOptions: [],
        showPageSizeOptions: false,
        offset,
        totalCount,
        hasPreviousPage: offset > 0,
        hasNextPage: offset + LINKED_USERS_PAGE_SIZE < totalCount,
        onPreviousPage: () =>
          props.onOffsetChange(offset - LINKED_USERS_PAGE_SIZE),
        onNextPage: () => props.onOffsetChange(offset + LINKED_USERS_PAGE_SIZE),
      }}
    />
  );
};
