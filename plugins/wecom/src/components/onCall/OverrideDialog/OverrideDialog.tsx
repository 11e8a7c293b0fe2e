import { FormEvent, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Text, TextField } from '@backstage/ui';
import type {
  WeComSchedule,
  WeComScheduleOverride,
} from 'backstage-plugin-wecom-common';
import { wecomOnCallApiRef } from '../../../api';
import { FormDialog } from '../../shared/FormDialog';
import { useFormSave } from '../../shared/hooks/useFormSave';
import { CatalogOption } from '../hooks/useCatalogPeople';
import { DraftProblems } from '../DraftProblems';
import { onCallChangeErrorMessage } from '../onCallErrors';
import { NameLookup } from '../onCallLabels';
import { OptionPicker } from '../OptionPicker';
import { checkOverrideDraft, overrideDraft } from '../overrideDraft';

/** Props of {@link OverrideDialog}. */
export interface OverrideDialogProps {
  schedule: WeComSchedule;
  /** The signed-in user, the default person (and the only one without manage). */
  me: string;
  /** May put anyone on call; without it, only oneself. */
  canManage: boolean;
  userOptions: CatalogOption[];
  nameOf: NameLookup;
  onClose: () => void;
  onSaved: (override: WeComScheduleOverride) => void;
}

/** "I take Tuesday": someone is on call for a period, whatever the layers say. */
export const OverrideDialog = (props: OverrideDialogProps) => {
  const { schedule, onClose, onSaved } = props;
  const zone = schedule.timeZone;
  const api = useApi(wecomOnCallApiRef);
  const [draft, setDraft] = useState(() => overrideDraft(props.me, zone));
  const [problems, setProblems] = useState<string[]>([]);
  const { saving, saveError, save } = useFormSave();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkOverrideDraft(draft, zone);
    setProblems(checked.problems ?? []);
    if (!checked.input) return;
    const input = checked.input;
    save(async () => {
      onSaved(await api.createScheduleOverride(schedule.id, input));
      onClose();
    });
  };

  return (
    <FormDialog
      title={`Add override to ${schedule.name}`}
      submitLabel="Add override"
      saving={saving}
      error={saveError}
      failureTitle="The override was not added"
      describeError={onCallChangeErrorMessage}
      onSubmit={submit}
      onClose={onClose}
    >
      {props.canManage ? (
        <OptionPicker
          label="Person on call"
          description="You by default; as a schedule manager you may put anyone on call."
          options={props.userOptions}
          value={draft.userEntityRef}
          onChange={userEntityRef => setDraft({ ...draft, userEntityRef })}
          isRequired
        />
      ) : (
        <Text as="p" variant="body-medium" style={{ margin: 0 }}>
          Puts you ({props.nameOf(props.me)}) on call for the period. To put
          someone else on call, ask someone who manages schedules.
        </Text>
      )}
      <TextField
        label="Start"
        description={`YYYY-MM-DD HH:mm in ${zone}`}
        value={draft.start}
        onChange={start => setDraft({ ...draft, start })}
        isRequired
      />
      <TextField
        label="End"
        description={`YYYY-MM-DD HH:mm in ${zone}`}
        value={draft.end}
        onChange={end => setDraft({ ...draft, end })}
        isRequired
      />
      <DraftProblems title="Check the override" problems={problems} />
    </FormDialog>
  );
};
