import { Flex, Text, ToggleButton } from '@backstage/ui';
import {
  WECOM_INCIDENT_SEVERITIES,
  WECOM_INCIDENT_STATUSES,
} from 'backstage-plugin-wecom-common';
import type { IncidentFilters as Filters } from '../hooks/useIncidents';
import { severityLabel, statusLabel } from '../incidentLabels';

/** Props of {@link IncidentFilters}. */
export interface IncidentFiltersProps {
  value: Filters;
  onChange: (change: Partial<Filters>) => void;
}

function toggle<T>(values: readonly T[], value: T): T[] {
  return values.includes(value)
    ? values.filter(item => item !== value)
    : [...values, value];
}

/**
 * One toggle per status and per severity; several may be on at once and
 * none on means any. Plain toggle buttons (as in Linked Users) so each is
 * found by its label.
 */
const ToggleGroup = <T extends string>(props: {
  label: string;
  options: readonly T[];
  selected: T[];
  labelOf: (value: T) => string;
  onChange: (selected: T[]) => void;
}) => (
  // "Filter by …" keeps the group apart from the New incident form's fields.
  <Flex
    role="group"
    aria-label={`Filter by ${props.label.toLowerCase()}`}
    gap="2"
    align="center"
  >
    <Text variant="body-small" color="secondary" aria-hidden>
      {props.label}
    </Text>
    {props.options.map(option => (
      <ToggleButton
        key={option}
        size="small"
        isSelected={props.selected.includes(option)}
        onChange={() => props.onChange(toggle(props.selected, option))}
      >
        {props.labelOf(option)}
      </ToggleButton>
    ))}
  </Flex>
);

/** The status and severity filters of the incident list. */
export const IncidentFilters = (props: IncidentFiltersProps) => (
  <Flex gap="4" align="center" style={{ flexWrap: 'wrap' }}>
    <ToggleGroup
      label="Status"
      options={WECOM_INCIDENT_STATUSES}
      selected={props.value.status}
      labelOf={statusLabel}
      onChange={status => props.onChange({ status })}
    />
    <ToggleGroup
      label="Severity"
      options={WECOM_INCIDENT_SEVERITIES}
      selected={props.value.severity}
      labelOf={severityLabel}
      onChange={severity => props.onChange({ severity })}
    />
  </Flex>
);
