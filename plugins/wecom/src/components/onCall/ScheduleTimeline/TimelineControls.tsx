import { Button, Flex, Switch, ToggleButton } from '@backstage/ui';
import { TimelineDays } from '../timelineLayout';

const LENGTHS: Array<{ days: TimelineDays; label: string }> = [
  { days: 7, label: '1 week' },
  { days: 14, label: '2 weeks' },
  { days: 28, label: '4 weeks' },
];

/** Props of {@link TimelineControls}. */
export interface TimelineControlsProps {
  days: TimelineDays;
  onDaysChange: (days: TimelineDays) => void;
  onPrevious: () => void;
  onToday: () => void;
  onNext: () => void;
  scheduleZone: string;
  viewerZone: string;
  inViewerZone: boolean;
  onInViewerZoneChange: (inViewerZone: boolean) => void;
}

/** The window's length, paging and the zone the times are shown in. */
export const TimelineControls = (props: TimelineControlsProps) => (
  <Flex gap="3" align="center" justify="between" style={{ flexWrap: 'wrap' }}>
    <Flex role="group" aria-label="Window length" gap="1">
      {LENGTHS.map(length => (
        <ToggleButton
          key={length.days}
          size="small"
          isSelected={props.days === length.days}
          onChange={() => props.onDaysChange(length.days)}
        >
          {length.label}
        </ToggleButton>
      ))}
    </Flex>
    <Flex gap="1">
      <Button size="small" variant="secondary" onPress={props.onPrevious}>
        Previous
      </Button>
      <Button size="small" variant="secondary" onPress={props.onToday}>
        Today
      </Button>
      <Button size="small" variant="secondary" onPress={props.onNext}>
        Next
      </Button>
    </Flex>
    {props.scheduleZone !== props.viewerZone && (
      <Switch
        label={`Show times in my time zone (${props.viewerZone}) instead of ${props.scheduleZone}`}
        isSelected={props.inViewerZone}
        onChange={props.onInViewerZoneChange}
      />
    )}
  </Flex>
);
