import { Text } from '@backstage/ui';
import type { WeComScheduleShift } from 'backstage-plugin-wecom-common';
import { NameLookup } from '../onCallLabels';
import {
  personColour,
  placeShifts,
  shiftLabel,
  TimelineWindow,
} from '../timelineLayout';

/** Props of {@link TimelineRow}. */
export interface TimelineRowProps {
  label: string;
  shifts: WeComScheduleShift[];
  window: TimelineWindow;
  zone: string;
  nameOf: NameLookup;
}

const rowStyle = {
  position: 'relative' as const,
  height: 36,
  listStyle: 'none',
  margin: 0,
  padding: 0,
  background: 'var(--bui-bg-surface-2, #f4f4f4)',
  borderRadius: 4,
};

/**
 * One row of the timeline: a block per shift, coloured by person, with
 * overrides striped; each block's label reads the shift out in full.
 */
export const TimelineRow = (props: TimelineRowProps) => {
  const placed = placeShifts(props.shifts, props.window, props.zone);
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
      <Text
        variant="body-small"
        weight="bold"
        style={{ width: 72, flexShrink: 0 }}
      >
        {props.label}
      </Text>
      <ul aria-label={props.label} style={{ ...rowStyle, flexGrow: 1 }}>
        {placed.map(({ shift, start, end, leftPercent, widthPercent }) => {
          const name = props.nameOf(shift.userEntityRef);
          const isOverride = shift.source === 'override';
          const colour = personColour(shift.userEntityRef);
          return (
            <li
              key={`${shift.userEntityRef}-${shift.start}`}
              aria-label={shiftLabel(
                name,
                start,
                end,
                isOverride,
                props.window.from,
              )}
              title={`${name}: ${start.toFormat(
                'ccc d LLL HH:mm',
              )} – ${end.toFormat('ccc d LLL HH:mm')} (${props.zone})${
                isOverride ? ', override' : ''
              }`}
              data-override={isOverride || undefined}
              style={{
                position: 'absolute',
                top: 2,
                bottom: 2,
                left: `${leftPercent}%`,
                width: `${widthPercent}%`,
                background: isOverride
                  ? `repeating-linear-gradient(45deg, ${colour}, ${colour} 6px, #fff 6px, #fff 9px)`
                  : colour,
                border: isOverride ? '2px dashed #333' : '1px solid #fff',
                borderRadius: 4,
                overflow: 'hidden',
                whiteSpace: 'nowrap',
                textOverflow: 'ellipsis',
                fontSize: 12,
                lineHeight: '30px',
                paddingLeft: 4,
                color: '#111',
                boxSizing: 'border-box',
              }}
            >
              {isOverride ? `⇄ ${name}` : name}
            </li>
          );
        })}
      </ul>
    </div>
  );
};
