import { Cell, CellText, ColumnConfig, Table } from '@backstage/ui';
import type { WeComIncident } from 'backstage-plugin-wecom-common';
import { useIncidentPaths } from '../hooks/useIncidentPaths';
import { INCIDENTS_PAGE_SIZE } from '../hooks/useIncidents';
import { formatAge, formatTime } from '../incidentLabels';
import { SeverityBadge, StatusBadge } from '../IncidentBadges';

/** Props of {@link IncidentsTable}. */
export interface IncidentsTableProps {
  /** The current page; undefined until the first page arrives. */
  incidents: WeComIncident[] | undefined;
  loading: boolean;
  offset: number;
  totalCount: number | undefined;
  onOffsetChange: (offset: number) => void;
  /** "Now" for the Age column; the render time unless a test pins it. */
  now?: number;
}

/** One page of incidents, newest first, each linking to its detail. */
export const IncidentsTable = (props: IncidentsTableProps) => {
  const { incidents, loading, offset, totalCount = 0 } = props;
  const paths = useIncidentPaths();
  const now = props.now ?? Date.now();

  const columns: ColumnConfig<WeComIncident>[] = [
    {
      id: 'title',
      label: 'Title',
      isRowHeader: true,
      cell: incident => (
        <CellText
          title={incident.title}
          href={paths.incident(incident.id)}
          description={incident.source === 'api' ? undefined : incident.source}
        />
      ),
    },
    {
      id: 'severity',
      label: 'Severity',
      cell: incident => (
        <Cell>
          <SeverityBadge severity={incident.severity} />
        </Cell>
      ),
    },
    {
      id: 'status',
      label: 'Status',
      cell: incident => (
        <Cell>
          <StatusBadge status={incident.status} />
        </Cell>
      ),
    },
    {
      id: 'entityRef',
      label: 'Entity',
      cell: incident => <CellText title={incident.entityRef ?? ''} />,
    },
    {
      id: 'age',
      label: 'Age',
      cell: incident => (
        <CellText
          title={formatAge(incident.createdAt, now)}
          description={formatTime(incident.createdAt)}
        />
      ),
    },
  ];

  return (
    <Table
      columnConfig={columns}
      data={incidents}
      isPending={loading}
      isStale={loading && incidents !== undefined}
      emptyState="No incidents match."
      pagination={{
        type: 'page',
        pageSize: INCIDENTS_PAGE_SIZE,
        pageSizeOptions: [],
        showPageSizeOptions: false,
        offset,
        totalCount,
        hasPreviousPage: offset > 0,
        hasNextPage: offset + INCIDENTS_PAGE_SIZE < totalCount,
        onPreviousPage: () =>
          props.onOffsetChange(offset - INCIDENTS_PAGE_SIZE),
        onNextPage: () => props.onOffsetChange(offset + INCIDENTS_PAGE_SIZE),
      }}
    />
  );
};
