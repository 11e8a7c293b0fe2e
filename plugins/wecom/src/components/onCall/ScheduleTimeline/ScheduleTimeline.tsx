import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { DateTime } from 'luxon';
import { useApi } from '@backstage/core-plugin-api';
import { Flex, Skeleton, Text } from '@backstage/ui';
import type { WeComSchedule } from 'backstage-plugin-wecom-common';
import { wecomOnCallApiRef } from '../../../api';
import { LoadFailure } from '../../shared/LoadFailure';
import { NameLookup } from '../onCallLabels';
import { browserTimeZone } from '../scheduleDraft';
import { TimelineControls } from './TimelineControls';
import { TimelineRow } from './TimelineRow';
import {
  percentOf,
  TimelineDays,
  TimelineWindow,
  windowStarting,
} from '../timelineLayout';

/** Props of {@link ScheduleTimeline}. */
export interface ScheduleTimelineProps {
  schedule: WeComSchedule;
  nameOf: NameLookup;
  /** Bump to reload, e.g. after an override was added. */
  version?: number;
}

/** The day labels above the rows. */
const DayScale = (props: { window: TimelineWindow; days: number }) => {
  const { window } = props;
  const labels = Array.from({ length: props.days }, (_, i) =>
    window.from.plus({ days: i }),
  );
  return (
    <div style={{ display: 'flex', marginLeft: 80 }} aria-hidden>
      {labels.map(day => (
        <Text
          key={day.toISODate()}
          variant="body-small"
          color="secondary"
          style={{ flex: 1, minWidth: 0, overflow: 'hidden' }}
        >
          {props.days > 14 ? day.toFormat('d') : day.toFormat('ccc d')}
        </Text>
      ))}
    </div>
  );
};

/**
 * Who is on call when: a row per layer and the final row (overrides
 * applied), over one, two or four weeks, in the schedule's zone or the
 * viewer's.
 */
export const ScheduleTimeline = (props: ScheduleTimelineProps) => {
  const { schedule, nameOf } = props;
  const api = useApi(wecomOnCallApiRef);
  const viewerZone = browserTimeZone();
  const [inViewerZone, setInViewerZone] = useState(false);
  const zone = inViewerZone ? viewerZone : schedule.timeZone;
  const [days, setDays] = useState<TimelineDays>(7);
  const [anchor, setAnchor] = useState<DateTime>(() => DateTime.now());
  const window = windowStarting(anchor, days, zone);

  const timeline = useAsyncRetry(
    () =>
      api.getScheduleTimeline(schedule.id, {
        from: window.from.toUTC().toISO()!,
        to: window.to.toUTC().toISO()!,
      }),
    [api, schedule.id, window.from.toMillis(), days, props.version],
  );

  const now = DateTime.now().setZone(zone);
  const nowVisible = now >= window.from && now < window.to;

  return (
    <Flex direction="column" gap="3">
      <TimelineControls
        days={days}
        onDaysChange={setDays}
        onPrevious={() => setAnchor(window.from.minus({ days }))}
        onToday={() => setAnchor(DateTime.now())}
        onNext={() => setAnchor(window.from.plus({ days }))}
        scheduleZone={schedule.timeZone}
        viewerZone={viewerZone}
        inViewerZone={inViewerZone}
        onInViewerZoneChange={setInViewerZone}
      />
      <Text variant="body-small" color="secondary">
        {window.from.toFormat('ccc d LLL yyyy')} –{' '}
        {window.to.minus({ days: 1 }).toFormat('ccc d LLL yyyy')}, times in{' '}
        {zone}
      </Text>
      {timeline.error && (
        <LoadFailure
          what="timeline"
          error={timeline.error}
          onRetry={timeline.retry}
        />
      )}
      {timeline.loading && !timeline.value && <Skeleton height={160} />}
      {timeline.value && (
        <section
          aria-label={`Timeline of ${schedule.name}`}
          style={{ position: 'relative' }}
        >
          <DayScale window={window} days={days} />
          <Flex direction="column" gap="1">
            {timeline.value.layers.map((shifts, index) => (
              <TimelineRow
                key={index}
                label={`Layer ${index + 1}`}
                shifts={shifts}
                window={window}
                zone={zone}
                nameOf={nameOf}
              />
            ))}
            <TimelineRow
              label="Final"
              shifts={timeline.value.shifts}
              window={window}
              zone={zone}
              nameOf={nameOf}
            />
          </Flex>
          {nowVisible && (
            <div
              role="img"
              aria-label={`Now, ${now.toFormat('ccc HH:mm')}`}
              style={{
                position: 'absolute',
                top: 0,
                bottom: 0,
                // The rows start after the 72px label and the 8px gap.
                left: `calc(80px + (100% - 80px) * ${
                  percentOf(now, window) / 100
                })`,
                width: 2,
                background: '#d32f2f',
                pointerEvents: 'none',
              }}
            />
          )}
        </section>
      )}
    </Flex>
  );
};
