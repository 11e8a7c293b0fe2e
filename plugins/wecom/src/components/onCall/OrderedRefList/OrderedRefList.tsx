import { useState } from 'react';
import { ButtonIcon, Flex, Text } from '@backstage/ui';
import {
  RiArrowDownLine,
  RiArrowUpLine,
  RiDeleteBinLine,
} from '@remixicon/react';
import { moved } from '../scheduleDraft';
import { OptionPicker } from '../OptionPicker';

/** Props of {@link OrderedRefList}. */
export interface OrderedRefListProps {
  /** The list's name, e.g. "Members of layer 1". */
  label: string;
  /** The picker's label, e.g. "Add member". */
  addLabel: string;
  options: Array<{ id: string; label: string }>;
  value: string[];
  onChange: (refs: string[]) => void;
  /** What an entry is called, e.g. "Zhang San". */
  nameOf: (ref: string) => string;
  emptyText: string;
}

/**
 * Catalog entities in order (a rotation's turn order): pick one to append
 * it, move it up or down, remove it.
 */
export const OrderedRefList = (props: OrderedRefListProps) => {
  const { value, onChange, nameOf } = props;
  // Remounts the picker after each pick, so it is empty for the next one.
  const [pickerKey, setPickerKey] = useState(0);
  const add = (ref: string) => {
    if (ref && !value.includes(ref)) onChange([...value, ref]);
    setPickerKey(key => key + 1);
  };
  return (
    <Flex direction="column" gap="2">
      {value.length === 0 ? (
        <Text variant="body-small" color="secondary">
          {props.emptyText}
        </Text>
      ) : (
        <ol aria-label={props.label} style={{ margin: 0, paddingLeft: 20 }}>
          {value.map((ref, index) => (
            <li key={ref}>
              <Flex align="center" gap="1">
                <Text variant="body-medium">{nameOf(ref)}</Text>
                <ButtonIcon
                  aria-label={`Move ${nameOf(ref)} up`}
                  variant="tertiary"
                  size="small"
                  icon={<RiArrowUpLine />}
                  isDisabled={index === 0}
                  onPress={() => onChange(moved(value, index, -1))}
                />
                <ButtonIcon
                  aria-label={`Move ${nameOf(ref)} down`}
                  variant="tertiary"
                  size="small"
                  icon={<RiArrowDownLine />}
                  isDisabled={index === value.length - 1}
                  onPress={() => onChange(moved(value, index, 1))}
                />
                <ButtonIcon
                  aria-label={`Remove ${nameOf(ref)}`}
                  variant="tertiary"
                  size="small"
                  icon={<RiDeleteBinLine />}
                  onPress={() => onChange(value.filter(r => r !== ref))}
                />
              </Flex>
            </li>
          ))}
        </ol>
      )}
      <OptionPicker
        key={pickerKey}
        label={props.addLabel}
        placeholder="Type a name"
        options={props.options.filter(option => !value.includes(option.id))}
        value=""
        onChange={add}
      />
    </Flex>
  );
};
