import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Button, Flex, Select } from '@backstage/ui';
import type { WeComSchedule } from 'backstage-plugin-wecom-common';
import { wecomOnCallApiRef } from '../../../api';
import { ConfirmDialog } from '../../shared/ConfirmDialog';
import { useCatalogPeople } from '../hooks/useCatalogPeople';
import { useOnCallPermissions } from '../hooks/useOnCallPermissions';
import { useSchedules } from '../hooks/useSchedules';
import { OnCallReadGate } from '../OnCallReadGate';
import { onCallChangeErrorMessage } from '../onCallErrors';
import { ScheduleDetail } from '../ScheduleDetail';
import { ScheduleDialog } from '../ScheduleDialog';
import { SchedulesTable } from '../SchedulesTable';

const ALL_GROUPS = '*';

/** The dialog open over the list, if any. */
type Editing = { schedule?: WeComSchedule } | undefined;

/**
 * The Schedules tab: the schedules (filtered by owner group), who is on
 * call in each now, and one schedule's timeline and overrides below.
 */
export const SchedulesPanel = () => {
  const api = useApi(wecomOnCallApiRef);
  const permissions = useOnCallPermissions();
  const people = useCatalogPeople();
  const [ownerRef, setOwnerRef] = useState('');
  const schedules = useSchedules(ownerRef || undefined);
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState<WeComSchedule>();
  const [shownId, setShownId] = useState<string>();
  const shown = schedules.value?.find(s => s.id === shownId);

  return (
    <OnCallReadGate permission={permissions} load={schedules} what="schedules">
      <Flex direction="column" gap="4">
        <Flex justify="between" align="end">
          <Select
            label="Owner group"
            options={[
              { id: ALL_GROUPS, label: 'All groups' },
              ...people.groupOptions,
            ]}
            value={ownerRef || ALL_GROUPS}
            onChange={key =>
              setOwnerRef(!key || key === ALL_GROUPS ? '' : String(key))
            }
          />
          {permissions.canManageSchedules && (
            <Button variant="primary" onPress={() => setEditing({})}>
              New schedule
            </Button>
          )}
        </Flex>
        <SchedulesTable
          schedules={schedules.value ?? []}
          nameOf={people.nameOf}
          canManage={permissions.canManageSchedules}
          onShow={schedule => setShownId(schedule.id)}
          onEdit={schedule => setEditing({ schedule })}
          onDelete={setDeleting}
        />
        {shown && (
          <ScheduleDetail
            key={shown.id}
            schedule={shown}
            canManage={permissions.canManageSchedules}
            userOptions={people.userOptions}
            nameOf={people.nameOf}
            onChanged={schedules.retry}
            onClose={() => setShownId(undefined)}
          />
        )}
      </Flex>
      {editing && (
        <ScheduleDialog
          schedule={editing.schedule}
          userOptions={people.userOptions}
          groupOptions={people.groupOptions}
          nameOf={people.nameOf}
          onClose={() => setEditing(undefined)}
          onSaved={saved => {
            setShownId(saved.id);
            schedules.retry();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          consequence="Its layers and overrides are deleted; escalation policies that name it notify nobody through it any more."
          confirmLabel="Delete"
          failureTitle="The schedule was not deleted"
          describeError={onCallChangeErrorMessage}
          onConfirm={async () => {
            await api.deleteSchedule(deleting.id);
            if (shownId === deleting.id) setShownId(undefined);
            setDeleting(undefined);
            schedules.retry();
          }}
          onClose={() => setDeleting(undefined)}
        />
      )}
    </OnCallReadGate>
  );
};
