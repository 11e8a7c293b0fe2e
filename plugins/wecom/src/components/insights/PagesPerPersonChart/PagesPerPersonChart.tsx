import { CellText } from '@backstage/ui';
import type { WeComPagedPerson } from 'backstage-plugin-wecom-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { DataTable } from '../../shared/DataTable';
import { ChartSection } from '../ChartSection';
import { PAGES_COLOUR } from '../chartColours';
import { refWithoutKind } from '../../shared/memberRefs';

/** The most people the chart shows; the table lists everyone. */
const CHART_PEOPLE = 15;

/** Props of {@link PagesPerPersonChart}. */
export interface PagesPerPersonChartProps {
  people: WeComPagedPerson[];
}

/** How many cards reached each person, most paged first. */
export const PagesPerPersonChart = ({ people }: PagesPerPersonChartProps) => {
  const rows = people.map(person => ({
    id: person.userEntityRef,
    name: refWithoutKind(person.userEntityRef),
    pages: person.pages,
  }));
  return (
    <ChartSection
      title="Pages per person"
      description="Incident cards WeCom accepted for each person in the window, escalations included."
      chart={
        <ResponsiveContainer
          width="100%"
          height="100%"
          initialDimension={{ width: 640, height: 260 }}
        >
          <BarChart
            accessibilityLayer={false}
            data={rows.slice(0, CHART_PEOPLE)}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar
              dataKey="pages"
              name="Pages"
              fill={PAGES_COLOUR}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <DataTable
          label="Pages per person"
          columns={[
            { id: 'name', name: 'Person', isRowHeader: true },
            { id: 'pages', name: 'Pages' },
          ]}
          rows={rows}
          emptyText="Nobody was paged in this window."
          cell={(column, row) => (
            <CellText
              title={column.id === 'name' ? row.name : String(row.pages)}
            />
          )}
        />
      }
    />
  );
};
