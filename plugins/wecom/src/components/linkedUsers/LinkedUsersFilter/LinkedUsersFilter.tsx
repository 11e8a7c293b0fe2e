import { Badge, Flex, ToggleButton } from '@backstage/ui';
import type {
  WeComLinkedUsersFilter,
  WeComLinkedUsersPage,
} from 'backstage-plugin-wecom-common';

/** Props of {@link LinkedUsersFilter}. */
export interface LinkedUsersFilterProps {
  value: WeComLinkedUsersFilter;
  /** Counts over all catalog users; absent until the first page arrives. */
  counts?: WeComLinkedUsersPage['counts'];
  onChange: (filter: WeComLinkedUsersFilter) => void;
}

const filters: Array<{ id: WeComLinkedUsersFilter; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'linked', label: 'Linked' },
  { id: 'unlinked', label: 'Unlinked' },
];

/**
 * All / Linked / Unlinked, each with its count. Plain toggle buttons rather
 * than a ToggleButtonGroup: a single-selection group turns its items into
 * radios, and these are meant to be found as buttons. The accessible name is
 * the bare label so that "Linked" can be told apart from "Unlinked 3".
 */
export const LinkedUsersFilter = (props: LinkedUsersFilterProps) => (
  <Flex role="group" aria-label="Show users" gap="2" align="center">
    {filters.map(filter => (
      <ToggleButton
        key={filter.id}
        aria-label={filter.label}
        isSelected={props.value === filter.id}
        onChange={() => props.onChange(filter.id)}
      >
        {filter.label}
        {props.counts && (
          <Badge size="small" aria-hidden>
            {props.counts[filter.id]}
          </Badge>
        )}
      </ToggleButton>
    ))}
  </Flex>
);
