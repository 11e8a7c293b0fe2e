import { CellText } from '@backstage/ui';
import {
  WECOM_INCIDENT_SEVERITIES,
  WECOM_INCIDENT_SEVERITY_LABELS,
  type WeComIncidentsOnDay,
} from 'backstage-plugin-wecom-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { DataTable } from '../../shared/DataTable';
import { ChartSection } from '../ChartSection';
import { SEVERITY_COLOURS } from '../chartColours';

const COLUMNS = [
  { id: 'date', name: 'Day', isRowHeader: true },
  ...WECOM_INCIDENT_SEVERITIES.map(severity => ({
    id: severity,
    name: WECOM_INCIDENT_SEVERITY_LABELS[severity],
  })),
  { id: 'total', name: 'Total' },
];

/** Props of {@link IncidentsPerDayChart}. */
export interface IncidentsPerDayChartProps {
  days: WeComIncidentsOnDay[];
}

/** Incidents opened per day, stacked by severity, and the days as a table. */
export const IncidentsPerDayChart = ({ days }: IncidentsPerDayChartProps) => (
  <ChartSection
    title="Incidents per day"
    description="Incidents opened each day, by severity."
    chart={
      <ResponsiveContainer
        width="100%"
        height="100%"
        initialDimension={{ width: 640, height: 260 }}
      >
        <BarChart accessibilityLayer={false} data={days}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" tickFormatter={date => date.slice(5)} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          {WECOM_INCIDENT_SEVERITIES.map(severity => (
            <Bar
              key={severity}
              dataKey={severity}
              name={WECOM_INCIDENT_SEVERITY_LABELS[severity]}
              stackId="severity"
              fill={SEVERITY_COLOURS[severity]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    }
    table={
      <DataTable
        label="Incidents per day"
        columns={COLUMNS}
        // Days without incidents would bury the others in a long window.
        rows={days
          .filter(day => day.total > 0)
          .map(day => ({ ...day, id: day.date }))}
        emptyText="No incident was opened in this window."
        cell={(column, day) => (
          <CellText
            title={String(day[column.id as keyof WeComIncidentsOnDay])}
          />
        )}
      />
    }
  />
);
