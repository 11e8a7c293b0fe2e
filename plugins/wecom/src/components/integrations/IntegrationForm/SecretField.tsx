import { CopyTextButton } from '@backstage/core-components';
import { Box, Button, Flex, PasswordField, TextField } from '@backstage/ui';
import type { SecretState } from 'backstage-plugin-wecom-common';
import type { SecretDraft, SecretFieldSpec } from './formValues';

/** Props of {@link SecretField}. */
export interface SecretFieldProps {
  spec: SecretFieldSpec;
  draft: SecretDraft;
  onChange: (draft: SecretDraft) => void;
  /** Whether the stored integration has a value; undefined when creating. */
  storedState?: SecretState;
  error?: string;
}

function describe(props: SecretFieldProps): string {
  const { spec, draft, storedState } = props;
  if (storedState === undefined) return spec.description;
  if (draft.clear) return 'Will be cleared when you save.';
  const state =
    storedState === 'set' ? 'Set — leave empty to keep.' : 'Not set.';
  return `${state} ${spec.description}`;
}

/**
 * One write-only secret. It is never prefilled: when editing, the field says
 * whether a value is stored, an empty field keeps it and Clear removes it.
 * Token and EncodingAESKey can be generated here and copied into WeCom.
 */
export const SecretField = (props: SecretFieldProps) => {
  const { spec, draft, onChange, storedState, error } = props;
  const Field = spec.masked ? PasswordField : TextField;
  const value = draft.value;
  return (
    <Flex gap="2" align="start">
      <Box style={{ flex: 1 }}>
        <Field
          label={spec.label}
          description={describe(props)}
          name={spec.key}
          value={value}
          onChange={next => onChange({ value: next, clear: false })}
          isDisabled={draft.clear}
          autoComplete="off"
          spellCheck="false"
          validationBehavior="aria"
          validate={() => error}
        />
      </Box>
      <Flex gap="1" align="center" mt="6">
        {spec.generate && !draft.clear && (
          <Button
            variant="secondary"
            size="small"
            aria-label={`Generate ${spec.label}`}
            onPress={() => onChange({ value: spec.generate!(), clear: false })}
          >
            Generate
          </Button>
        )}
        {!spec.masked && value && (
          <CopyTextButton
            text={value}
            aria-label={`Copy ${spec.label}`}
            variant="tertiary"
          />
        )}
        {storedState === 'set' && (
          <Button
            variant="tertiary"
            size="small"
            aria-label={`${draft.clear ? 'Keep' : 'Clear'} ${spec.label}`}
            onPress={() => onChange({ value: '', clear: !draft.clear })}
          >
            {draft.clear ? 'Keep' : 'Clear'}
          </Button>
        )}
      </Flex>
    </Flex>
  );
};
