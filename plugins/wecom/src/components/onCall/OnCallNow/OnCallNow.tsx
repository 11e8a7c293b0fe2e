import useAsync from 'react-use/esm/useAsync';
import { DateTime } from 'luxon';
import { useApi } from '@backstage/core-plugin-api';
import { Text } from '@backstage/ui';
import { wecomOnCallApiRef } from '../../../api';
import { NameLookup } from '../onCallLabels';
import { shiftAt } from '../timelineLayout';

/**
 * Who a schedule has on call now, from its final timeline around this
 * minute (overrides applied), so the list agrees with the timeline.
 */
export const OnCallNow = (props: {
  scheduleId: string;
  nameOf: NameLookup;
}) => {
  const api = useApi(wecomOnCallApiRef);
  const state = useAsync(async () => {
    const now = DateTime.now();
    const timeline = await api.getScheduleTimeline(props.scheduleId, {
      from: now.toUTC().toISO()!,
      to: now.plus({ minutes: 1 }).toUTC().toISO()!,
    });
    return shiftAt(timeline.shifts, now);
  }, [api, props.scheduleId]);
  if (state.loading) return <Text color="secondary">…</Text>;
  if (state.error) return <Text color="secondary">Unknown</Text>;
  if (!state.value) return <Text color="secondary">Nobody</Text>;
  return (
    <Text>
      {props.nameOf(state.value.userEntityRef)}
      {state.value.source === 'override' ? ' (override)' : ''}
    </Text>
  );
};
