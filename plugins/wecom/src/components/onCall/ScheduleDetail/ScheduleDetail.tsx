import { useState } from 'react';
import { Box, Button, Flex, Text } from '@backstage/ui';
import type { WeComSchedule } from 'backstage-plugin-wecom-common';
import { CatalogOption } from '../hooks/useCatalogPeople';
import { useSignedInUser } from '../hooks/useSignedInUser';
import { NameLookup } from '../onCallLabels';
import { OverrideDialog } from '../OverrideDialog';
import { OverridesList } from '../OverridesList';
import { ScheduleTimeline } from '../ScheduleTimeline';

/** Props of {@link ScheduleDetail}. */
export interface ScheduleDetailProps {
  schedule: WeComSchedule;
  canManage: boolean;
  userOptions: CatalogOption[];
  nameOf: NameLookup;
  /** Reloads the schedule, e.g. after its overrides changed. */
  onChanged: () => void;
  onClose: () => void;
}

/** One schedule's timeline and overrides, below the list. */
export const ScheduleDetail = (props: ScheduleDetailProps) => {
  const { schedule, nameOf, onChanged } = props;
  const me = useSignedInUser();
  const [adding, setAdding] = useState(false);
  // Bumped after an override changes so the timeline loads again.
  const [version, setVersion] = useState(0);
  const changed = () => {
    setVersion(v => v + 1);
    onChanged();
  };

  return (
    <Box
      as="section"
      aria-label={`Schedule ${schedule.name}`}
      style={{ borderTop: '1px solid var(--bui-border, #ddd)', paddingTop: 16 }}
    >
      <Flex direction="column" gap="3">
        <Flex justify="between" align="center">
          <Text as="h2" variant="title-small" style={{ margin: 0 }}>
            {schedule.name}
          </Text>
          <Flex gap="2">
            {me && (
              <Button variant="primary" onPress={() => setAdding(true)}>
                Add override
              </Button>
            )}
            <Button variant="secondary" onPress={props.onClose}>
              Close timeline
            </Button>
          </Flex>
        </Flex>
        <ScheduleTimeline
          schedule={schedule}
          nameOf={nameOf}
          version={version}
        />
        <OverridesList
          schedule={schedule}
          me={me}
          canManage={props.canManage}
          nameOf={nameOf}
          onDeleted={changed}
        />
      </Flex>
      {adding && me && (
        <OverrideDialog
          schedule={schedule}
          me={me}
          canManage={props.canManage}
          userOptions={props.userOptions}
          nameOf={nameOf}
          onClose={() => setAdding(false)}
          onSaved={changed}
        />
      )}
    </Box>
  );
};
