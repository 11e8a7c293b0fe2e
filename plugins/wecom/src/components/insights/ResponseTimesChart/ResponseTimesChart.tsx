import { CellText } from '@backstage/ui';
import type {
  WeComAnalyticsGroup,
  WeComAnalyticsGroupBy,
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
import { MEDIAN_COLOUR, P90_COLOUR } from '../chartColours';
import { durationLabel, groupLabel } from '../insightsLabels';

const METRICS = {
  mtta: {
    title: 'Time to acknowledge (MTTA)',
    description:
      'From an incident opening to the first time someone started processing it; incidents never started are not counted.',
  },
  mttr: {
    title: 'Time to resolve (MTTR)',
    description:
      'From an incident opening to its close; incidents still open are not counted.',
  },
};

/** Props of {@link ResponseTimesChart}. */
export interface ResponseTimesChartProps {
  metric: 'mtta' | 'mttr';
  groupBy: WeComAnalyticsGroupBy;
  groups: WeComAnalyticsGroup[];
}

const toMinutes = (seconds: number | null) =>
  seconds === null ? null : Math.round((seconds / 60) * 10) / 10;

/** Median and p90 of MTTA or MTTR per team or service, in minutes. */
export const ResponseTimesChart = (props: ResponseTimesChartProps) => {
  const { metric, groupBy } = props;
  const who = groupBy === 'team' ? 'Team' : 'Service';
  const rows = props.groups.map(group => ({
    id: group.key ?? '(none)',
    name: groupLabel(group.key, groupBy),
    count: group[metric].count,
    median: group[metric].medianSeconds,
    p90: group[metric].p90Seconds,
  }));
  return (
    <ChartSection
      title={METRICS[metric].title}
      description={`${
        METRICS[metric].description
      } Median and 90th percentile per ${who.toLowerCase()}.`}
      chart={
        <ResponsiveContainer
          width="100%"
          height="100%"
          initialDimension={{ width: 640, height: 260 }}
        >
          <BarChart
            accessibilityLayer={false}
            data={rows.map(row => ({
              name: row.name,
              median: toMinutes(row.median),
              p90: toMinutes(row.p90),
            }))}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" />
            <YAxis unit=" min" />
            <Tooltip />
            <Legend />
            <Bar
              dataKey="median"
              name="Median"
              fill={MEDIAN_COLOUR}
              isAnimationActive={false}
            />
            <Bar
              dataKey="p90"
              name="90th percentile"
              fill={P90_COLOUR}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <DataTable
          label={METRICS[metric].title}
          columns={[
            { id: 'name', name: who, isRowHeader: true },
            { id: 'median', name: 'Median' },
            { id: 'p90', name: '90th percentile' },
            { id: 'count', name: 'Incidents counted' },
          ]}
          rows={rows}
          emptyText="No incident in this window."
          cell={(column, row) => {
            if (column.id === 'name') return <CellText title={row.name} />;
            if (column.id === 'count') {
              return <CellText title={String(row.count)} />;
            }
            return (
              <CellText
                title={durationLabel(
                  column.id === 'median' ? row.median : row.p90,
                )}
              />
            );
          }}
        />
      }
    />
  );
};
