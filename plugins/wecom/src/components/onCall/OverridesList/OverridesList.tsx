import { useState } from 'react';
import { DateTime } from 'luxon';
import { useApi } from '@backstage/core-plugin-api';
import { Button, Flex, Text } from '@backstage/ui';
import type {
  WeComSchedule,
  WeComScheduleOverride,
} from 'backstage-plugin-wecom-common';
import { wecomOnCallApiRef } from '../../../api';
import { ConfirmDialog } from '../../shared/ConfirmDialog';
import { onCallChangeErrorMessage } from '../onCallErrors';
import { NameLookup } from '../onCallLabels';

/** Props of {@link OverridesList}. */
export interface OverridesListProps {
  schedule: WeComSchedule;
  me?: string;
  canManage: boolean;
  nameOf: NameLookup;
  onDeleted: () => void;
}

function period(override: WeComScheduleOverride, zone: string): string {
  const at = (iso: string) =>
    DateTime.fromISO(iso).setZone(zone).toFormat('ccc d LLL HH:mm');
  return `${at(override.start)} – ${at(override.end)}`;
}

/**
 * The schedule's overrides that have not ended, with Delete for those the
 * signed-in user may remove (any with manage, else their own).
 */
export const OverridesList = (props: OverridesListProps) => {
  const { schedule, nameOf } = props;
  const api = useApi(wecomOnCallApiRef);
  const [deleting, setDeleting] = useState<WeComScheduleOverride>();
  const mayDelete = (override: WeComScheduleOverride) =>
    props.canManage || override.userEntityRef === props.me;

  return (
    <section aria-label="Upcoming overrides">
      <Text as="h3" variant="title-x-small" style={{ margin: '0 0 8px' }}>
        Upcoming overrides
      </Text>
      {schedule.overrides.length === 0 ? (
        <Text variant="body-small" color="secondary">
          No overrides: the layers decide who is on call.
        </Text>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {schedule.overrides.map(override => {
            const name = nameOf(override.userEntityRef);
            return (
              <li key={override.id}>
                <Flex gap="2" align="center">
                  <Text variant="body-medium">
                    {name}, {period(override, schedule.timeZone)} (
                    {schedule.timeZone})
                  </Text>
                  <Text variant="body-small" color="secondary">
                    added by {nameOf(override.createdBy)}
                  </Text>
                  {mayDelete(override) && (
                    <Button
                      size="small"
                      variant="tertiary"
                      aria-label={`Delete the override of ${name}`}
                      onPress={() => setDeleting(override)}
                    >
                      Delete
                    </Button>
                  )}
                </Flex>
              </li>
            );
          })}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete the override?"
          consequence={`${nameOf(
            deleting.userEntityRef,
          )} is no longer on call ${period(
            deleting,
            schedule.timeZone,
          )}; the layers decide again.`}
          confirmLabel="Delete"
          failureTitle="The override was not deleted"
          describeError={onCallChangeErrorMessage}
          onConfirm={async () => {
            await api.deleteScheduleOverride(schedule.id, deleting.id);
            setDeleting(undefined);
            props.onDeleted();
          }}
          onClose={() => setDeleting(undefined)}
        />
      )}
    </section>
  );
};
