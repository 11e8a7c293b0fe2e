import { useState } from 'react';
import { ButtonIcon, Flex, Select, Text } from '@backstage/ui';
import { RiDeleteBinLine } from '@remixicon/react';
import type { WeComEscalationTarget } from 'backstage-plugin-wecom-common';
import { CatalogOption } from '../hooks/useCatalogPeople';
import { OptionPicker } from '../OptionPicker';

type TargetKind = WeComEscalationTarget['kind'];

/** Props of {@link TargetsEditor}. */
export interface TargetsEditorProps {
  /** The level's name, e.g. "Level 1". */
  label: string;
  targets: WeComEscalationTarget[];
  onChange: (targets: WeComEscalationTarget[]) => void;
  options: Record<TargetKind, CatalogOption[]>;
  /** A target in words. */
  describe: (target: WeComEscalationTarget) => string;
}

const KINDS: Array<{ id: TargetKind; label: string }> = [
  { id: 'schedule', label: 'Schedule (whoever is on call)' },
  { id: 'group', label: 'Group (all members)' },
  { id: 'user', label: 'User' },
];

/** Whom one level notifies: schedules, groups and users, added by kind. */
export const TargetsEditor = (props: TargetsEditorProps) => {
  const { targets, onChange, label } = props;
  const [kind, setKind] = useState<TargetKind>('schedule');
  // Remounts the picker after each pick, so it is empty for the next one.
  const [pickerKey, setPickerKey] = useState(0);
  const isTarget = (ref: string) =>
    targets.some(target => target.kind === kind && target.ref === ref);
  const add = (ref: string) => {
    if (ref && !isTarget(ref)) onChange([...targets, { kind, ref }]);
    setPickerKey(key => key + 1);
  };

  return (
    <Flex direction="column" gap="2">
      {targets.length === 0 ? (
        <Text variant="body-small" color="secondary">
          Nobody yet.
        </Text>
      ) : (
        <ul
          aria-label={`Targets of ${label}`}
          style={{ margin: 0, paddingLeft: 20 }}
        >
          {targets.map(target => (
            <li key={`${target.kind}:${target.ref}`}>
              <Flex align="center" gap="1">
                <Text variant="body-medium">{props.describe(target)}</Text>
                <ButtonIcon
                  aria-label={`Remove ${props.describe(target)} from ${label}`}
                  variant="tertiary"
                  size="small"
                  icon={<RiDeleteBinLine />}
                  onPress={() => onChange(targets.filter(t => t !== target))}
                />
              </Flex>
            </li>
          ))}
        </ul>
      )}
      <Flex gap="2" align="end">
        <Select
          label={`Kind of target for ${label}`}
          options={KINDS}
          value={kind}
          onChange={key => key && setKind(key as TargetKind)}
        />
        <OptionPicker
          key={`${kind}-${pickerKey}`}
          label={`Add target to ${label}`}
          placeholder="Type a name"
          options={props.options[kind].filter(option => !isTarget(option.id))}
          value=""
          onChange={add}
        />
      </Flex>
    </Flex>
  );
};
