import { CellText, Text } from '@backstage/ui';
import { DataTable } from '../../shared/DataTable';
import { ChartSection } from '../ChartSection';
import { HEAT_RGB } from '../chartColours';
import { WEEKDAYS } from '../insightsLabels';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const hourLabel = (hour: number) => String(hour).padStart(2, '0');

/** Props of {@link PagingHeatmap}. */
export interface PagingHeatmapProps {
  /** Pages by weekday (0 = Monday) and hour. */
  hours: number[][];
  /** The zone the hours are in. */
  timeZone: string;
}

/** When people were paged: a weekday × hour grid, darker for more pages. */
export const PagingHeatmap = ({ hours, timeZone }: PagingHeatmapProps) => {
  const most = Math.max(1, ...hours.flat());
  const anyPages = hours.some(day => day.some(count => count > 0));
  return (
    <ChartSection
      title="When people were paged"
      description={`Pages by weekday and hour of the day (${timeZone}).`}
      chart={
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: '6em repeat(24, minmax(0, 1fr))',
            gap: 2,
            alignItems: 'center',
            height: '100%',
            fontSize: 11,
          }}
        >
          <span />
          {HOURS.map(hour => (
            <span key={hour} style={{ textAlign: 'center' }}>
              {hour % 3 === 0 ? hourLabel(hour) : ''}
            </span>
          ))}
          {WEEKDAYS.map((weekday, day) => [
            <span key={weekday}>{weekday.slice(0, 3)}</span>,
            ...HOURS.map(hour => {
              const count = hours[day]?.[hour] ?? 0;
              return (
                <span
                  key={`${weekday}-${hour}`}
                  data-pages={count}
                  title={`${weekday} ${hourLabel(hour)}:00 — ${count}`}
                  style={{
                    height: 24,
                    borderRadius: 2,
                    background:
                      count === 0
                        ? 'var(--bui-bg-tint, rgba(127,127,127,0.12))'
                        : `rgba(${HEAT_RGB}, ${0.2 + (0.8 * count) / most})`,
                  }}
                />
              );
            }),
          ])}
        </div>
      }
      table={
        anyPages ? (
          <DataTable
            label="Pages by weekday and hour"
            columns={[
              { id: 'weekday', name: 'Weekday', isRowHeader: true },
              ...HOURS.map(hour => ({
                id: String(hour),
                name: `${hourLabel(hour)}:00`,
              })),
            ]}
            rows={WEEKDAYS.map((weekday, day) => ({
              id: weekday,
              weekday,
              counts: hours[day] ?? [],
            }))}
            emptyText=""
            cell={(column, row) => (
              <CellText
                title={
                  column.id === 'weekday'
                    ? row.weekday
                    : String(row.counts[Number(column.id)] ?? 0)
                }
              />
            )}
          />
        ) : (
          <Text as="p" variant="body-medium" color="secondary">
            Nobody was paged in this window.
          </Text>
        )
      }
    />
  );
};
