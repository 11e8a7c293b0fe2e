import { FormEvent, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Text, TextField } from '@backstage/ui';
import type {
  WeComEscalationPolicy,
  WeComEscalationTarget,
} from 'backstage-plugin-wecom-common';
import { wecomOnCallApiRef } from '../../../api';
import { FormDialog } from '../../shared/FormDialog';
import { useFormSave } from '../../shared/hooks/useFormSave';
import { DraftProblems } from '../DraftProblems';
import { CatalogOption } from '../hooks/useCatalogPeople';
import { onCallChangeErrorMessage } from '../onCallErrors';
import { OptionPicker } from '../OptionPicker';
import { checkPolicyDraft, policyDraft } from '../policyDraft';
import { LevelsEditor } from './LevelsEditor';

/** Props of {@link PolicyDialog}. */
export interface PolicyDialogProps {
  /** The policy to edit; a new one when undefined. */
  policy?: WeComEscalationPolicy;
  options: Record<WeComEscalationTarget['kind'], CatalogOption[]>;
  describe: (target: WeComEscalationTarget) => string;
  onClose: () => void;
  onSaved: (policy: WeComEscalationPolicy) => void;
}

/** Creates an escalation policy or changes one. */
export const PolicyDialog = (props: PolicyDialogProps) => {
  const { policy, onClose, onSaved } = props;
  const api = useApi(wecomOnCallApiRef);
  const [draft, setDraft] = useState(() => policyDraft(policy));
  const [problems, setProblems] = useState<string[]>([]);
  const { saving, saveError, save } = useFormSave();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkPolicyDraft(draft);
    setProblems(checked.problems ?? []);
    if (!checked.input) return;
    const input = checked.input;
    save(async () => {
      const saved = policy
        ? await api.updateEscalationPolicy(policy.id, input)
        : await api.createEscalationPolicy(input);
      onSaved(saved);
      onClose();
    });
  };

  return (
    <FormDialog
      title={policy ? `Edit ${policy.name}` : 'New escalation policy'}
      submitLabel={policy ? 'Save' : 'Create'}
      saving={saving}
      error={saveError}
      failureTitle={
        policy ? 'The policy was not saved' : 'The policy was not created'
      }
      describeError={onCallChangeErrorMessage}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField
        label="Name"
        description={
          policy
            ? `Its id stays ${policy.id}, so annotations keep working.`
            : 'The id components name in their annotation is made from it.'
        }
        value={draft.name}
        onChange={name => setDraft({ ...draft, name })}
        isRequired
      />
      <OptionPicker
        label="Owner group"
        description="Components owned by this group use the policy unless they name another."
        options={props.options.group}
        value={draft.ownerRef}
        onChange={ownerRef => setDraft({ ...draft, ownerRef })}
        isRequired
      />
      <LevelsEditor
        levels={draft.levels}
        onChange={levels => setDraft({ ...draft, levels })}
        options={props.options}
        describe={props.describe}
      />
      <TextField
        label="Repeat"
        description="After the last level, start again from the first this many times (0 to 9)."
        value={draft.repeat}
        onChange={repeat => setDraft({ ...draft, repeat })}
      />
      {policy && (
        <Text variant="body-small" color="secondary">
          Incidents already escalating keep the version of the policy they
          started with; the change applies to new incidents.
        </Text>
      )}
      <DraftProblems title="Check the policy" problems={problems} />
    </FormDialog>
  );
};
