import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Card,
  CardBody,
  CardHeader,
  CellText,
  Cell,
  Text,
} from '@backstage/ui';
import type { WeComWarRoom } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { useIncidentPaths } from '../../incidents/hooks/useIncidentPaths';
import { LoadFailure } from '../../shared/LoadFailure';
import { WarRoomStatusBadge } from '../../incidents/IncidentBadges';
import { DataTable, DataTableColumn } from '../../shared/DataTable';
import { formatTime } from '../../incidents/incidentLabels';

/** How many War Rooms the card lists, newest first. */
export const ENTITY_WAR_ROOMS_LIMIT = 20;

type WarRoomRow = WeComWarRoom & { id: string };

type WarRoomColumn = DataTableColumn;

const columns: WarRoomColumn[] = [
  { id: 'name', name: 'War Room', isRowHeader: true },
  { id: 'status', name: 'Status' },
  { id: 'members', name: 'Members' },
  { id: 'createdAt', name: 'Created' },
];

const WarRoomsTable = (props: { warRooms: WeComWarRoom[] }) => {
  const paths = useIncidentPaths();
  const rows: WarRoomRow[] = props.warRooms.map(warRoom => ({
    ...warRoom,
    id: warRoom.incidentId,
  }));

  const cell = (column: WarRoomColumn, warRoom: WarRoomRow) => {
    switch (column.id) {
      case 'name':
        return (
          <CellText
            title={warRoom.name}
            href={paths.incident(warRoom.incidentId)}
          />
        );
      case 'status':
        return (
          <Cell>
            <WarRoomStatusBadge status={warRoom.status} />
          </Cell>
        );
      case 'members':
        return <CellText title={String(warRoom.members.length)} />;
      default:
        return <CellText title={formatTime(warRoom.createdAt)} />;
    }
  };

  return (
    <DataTable
      label="War Rooms"
      columns={columns}
      rows={rows}
      emptyText="No War Rooms yet for this component's incidents. Create one from an incident's page."
      cell={cell}
    />
  );
};

/**
 * The War Rooms of the current catalog entity's incidents, newest first,
 * each leading to its incident's page: for a component's overview.
 */
export const EntityWarRoomsCard = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(wecomApiRef);
  const warRooms = useAsyncRetry(
    () => api.listWarRooms({ entityRef, limit: ENTITY_WAR_ROOMS_LIMIT }),
    [api, entityRef],
  );

  let body;
  if (warRooms.loading && !warRooms.value) {
    body = <Progress aria-label="Loading the War Rooms" />;
  } else if (warRooms.error) {
    body = (
      <LoadFailure
        what="War Rooms"
        error={warRooms.error}
        onRetry={warRooms.retry}
      />
    );
  } else {
    body = <WarRoomsTable warRooms={warRooms.value ?? []} />;
  }

  return (
    <Card role="region" aria-label="War Rooms">
      <CardHeader>
        <Text as="h3" variant="title-x-small" style={{ margin: 0 }}>
          War Rooms
        </Text>
      </CardHeader>
      <CardBody>{body}</CardBody>
    </Card>
  );
};
