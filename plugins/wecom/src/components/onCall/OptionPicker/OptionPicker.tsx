import { memo } from 'react';
import { Combobox } from '@backstage/ui';

/** Props of {@link OptionPicker}. */
export interface OptionPickerProps {
  label: string;
  description?: string;
  placeholder?: string;
  options: Array<{ id: string; label: string }>;
  /** The picked option's id, or '' for none. */
  value: string;
  onChange: (id: string) => void;
  isRequired?: boolean;
  isDisabled?: boolean;
}

/**
 * A type-to-search picker over a known list (catalog groups, time zones):
 * only a listed value can be picked, so the backend never gets a typo.
 * Memoised: the collection of a long list (400 time zones) is rebuilt on
 * every render, so it renders only when its own props change.
 */
export const OptionPicker = memo((props: OptionPickerProps) => (
  <Combobox
    label={props.label}
    description={props.description}
    placeholder={props.placeholder}
    isRequired={props.isRequired}
    isDisabled={props.isDisabled}
    options={props.options}
    search
    value={props.value || null}
    onChange={key => props.onChange(key ? String(key) : '')}
  />
));
