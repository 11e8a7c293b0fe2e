import { Alert, Flex, Select, Text, ToggleButton } from '@backstage/ui';
import type { WeComAnalyticsGroupBy } from 'backstage-plugin-wecom-common';
import { errorMessage } from '../../shared/errorMessage';
import {
  INSIGHTS_WINDOWS,
  type InsightsSelection,
} from '../hooks/useAnalytics';
import { useCatalogChoices } from '../hooks/useCatalogChoices';

const ALL = '*';

const GROUPINGS: Array<{ id: WeComAnalyticsGroupBy; label: string }> = [
  { id: 'team', label: 'Teams' },
  { id: 'service', label: 'Services' },
];

/** Props of {@link InsightsControls}. */
export interface InsightsControlsProps {
  value: InsightsSelection;
  onChange: (value: InsightsSelection) => void;
}

/** A labelled row of toggle buttons of which one is on. */
const Choice = <T extends string | number>(props: {
  label: string;
  options: Array<{ id: T; label: string }>;
  selected: T;
  onChange: (id: T) => void;
}) => (
  <Flex role="group" aria-label={props.label} gap="2" align="center">
    <Text variant="body-small" color="secondary" aria-hidden>
      {props.label}
    </Text>
    {props.options.map(option => (
      <ToggleButton
        key={option.id}
        size="small"
        isSelected={props.selected === option.id}
        onChange={() => props.onChange(option.id)}
      >
        {option.label}
      </ToggleButton>
    ))}
  </Flex>
);

/** Teams or services, which one (from the catalog), and the window. */
export const InsightsControls = ({
  value,
  onChange,
}: InsightsControlsProps) => {
  const choices = useCatalogChoices(value.groupBy);
  const noun = value.groupBy === 'team' ? 'team' : 'service';
  return (
    <Flex direction="column" gap="3">
      <Flex gap="4" align="end" style={{ flexWrap: 'wrap' }}>
        <Choice
          label="Group by"
          options={GROUPINGS}
          selected={value.groupBy}
          onChange={groupBy => onChange({ ...value, groupBy, key: undefined })}
        />
        <Select
          label={noun === 'team' ? 'Team' : 'Service'}
          search={{ placeholder: `Find a ${noun}` }}
          isDisabled={choices.loading}
          options={[
            { id: ALL, label: `Every ${noun}` },
            ...(choices.value ?? []).map(choice => ({
              id: choice.ref,
              label: choice.label,
              description: choice.ref,
            })),
          ]}
          value={value.key ?? ALL}
          onChange={key =>
            onChange({
              ...value,
              key: key === ALL || key === null ? undefined : String(key),
            })
          }
          style={{ minWidth: 260 }}
        />
        <Choice
          label="Window"
          options={INSIGHTS_WINDOWS.map(days => ({
            id: days,
            label: `${days} days`,
          }))}
          selected={value.days}
          onChange={days => onChange({ ...value, days })}
        />
      </Flex>
      {choices.error && (
        <Alert
          status="warning"
          title={`Could not list the catalog's ${noun}s`}
          description={errorMessage(choices.error)}
        />
      )}
    </Flex>
  );
};
