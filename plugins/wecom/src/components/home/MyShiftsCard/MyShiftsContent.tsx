import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { Progress } from '@backstage/core-components';
import { Flex, Link, Text } from '@backstage/ui';
import type { WeComPersonShift } from 'backstage-plugin-wecom-common';
import { wecomOnCallApiRef } from '../../../api';
import { useEntityPath } from '../../shared/hooks/useEntityPath';
import { LoadFailure } from '../../shared/LoadFailure';
import { entityRefName } from '../../shared/memberRefs';
import { formatTime } from '../../shared/timeLabels';

/** How far ahead the card looks. */
export const MY_SHIFTS_DAYS = 30;

const MyShift = (props: { shift: WeComPersonShift; now: number }) => {
  const { shift, now } = props;
  const entityPath = useEntityPath();
  const current = Date.parse(shift.start) <= now && now < Date.parse(shift.end);
  return (
    <li>
      <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
        <Text variant="body-medium" weight="bold">
          {current ? 'Now' : formatTime(shift.start)}
        </Text>
        <Text variant="body-medium">{`until ${formatTime(shift.end)}`}</Text>
        <Text variant="body-small" color="secondary">
          {shift.scheduleName}
        </Text>
        <Link href={entityPath(shift.ownerRef)} variant="body-small">
          {entityRefName(shift.ownerRef)}
        </Link>
      </Flex>
    </li>
  );
};

/**
 * "My next on-call shifts" on the home page: the signed-in user's shifts in
 * every schedule over the next {@link MY_SHIFTS_DAYS} days, overrides
 * included, soonest first.
 */
export const MyShiftsContent = () => {
  const identityApi = useApi(identityApiRef);
  const onCallApi = useApi(wecomOnCallApiRef);
  const shifts = useAsyncRetry(async () => {
    const { userEntityRef } = await identityApi.getBackstageIdentity();
    return onCallApi.listShifts({ userEntityRef, days: MY_SHIFTS_DAYS });
  }, [identityApi, onCallApi]);

  if (shifts.loading && !shifts.value) {
    return <Progress aria-label="Loading your on-call shifts" />;
  }
  if (shifts.error || !shifts.value) {
    return (
      <LoadFailure
        what="on-call shifts"
        error={shifts.error}
        onRetry={shifts.retry}
      />
    );
  }
  if (shifts.value.length === 0) {
    return (
      <Text variant="body-small" color="secondary">
        {`No on-call shifts for you in the next ${MY_SHIFTS_DAYS} days.`}
      </Text>
    );
  }
  const now = Date.now();
  return (
    <ul
      aria-label="My next on-call shifts"
      style={{ margin: 0, paddingLeft: 20 }}
    >
      {[...shifts.value]
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
        .map(shift => (
          <MyShift
            key={`${shift.scheduleId}-${shift.start}`}
            shift={shift}
            now={now}
          />
        ))}
    </ul>
  );
};
