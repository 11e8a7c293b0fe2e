import { FormEvent, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Button, Text, TextField } from '@backstage/ui';
import type { WeComIncident } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { useFormSave } from '../../shared/hooks/useFormSave';
import { FormDialog } from '../../shared/FormDialog';
import { respondersErrorMessage } from '../incidentErrors';
import { parseMemberRefs } from '../../shared/memberRefs';

/** Props of {@link EditResponders}. */
export interface EditRespondersProps {
  incident: WeComIncident;
  /** The incident as the backend answered the change. */
  onChanged: (incident: WeComIncident) => void;
}

const RespondersDialog = (
  props: EditRespondersProps & { onClose: () => void },
) => {
  const { incident, onChanged, onClose } = props;
  const api = useApi(wecomApiRef);
  const [text, setText] = useState(incident.responders.join(', '));
  const [invalid, setInvalid] = useState<string>();
  const { saving, saveError, save } = useFormSave();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = parseMemberRefs(text);
    setInvalid(checked.error);
    if (!checked.refs) return;
    await save(async () => {
      onChanged(
        await api.updateIncident(incident.id, { responders: checked.refs }),
      );
      onClose();
    });
  };

  return (
    <FormDialog
      title="Edit responders"
      submitLabel="Save"
      saving={saving}
      error={saveError}
      failureTitle="The responders were not changed"
      describeError={respondersErrorMessage}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField
        label="Responders"
        name="responders"
        description="Users or groups, separated by commas, e.g. user:default/lisi, group:default/sre. Empty: whoever is on call for the entity (its escalation policy, its owners' schedules, else its owners)."
        value={text}
        onChange={value => {
          setText(value);
          if (invalid) setInvalid(parseMemberRefs(value).error);
        }}
        validationBehavior="aria"
        validate={() => invalid}
      />
      <Text as="p" variant="body-small" color="secondary" style={{ margin: 0 }}>
        An active War Room invites the new responders; nobody is removed from
        its group.
      </Text>
    </FormDialog>
  );
};

/**
 * "Edit responders" beside the incident's responders: replaces the list,
 * which the incident's notifications and its War Room follow.
 */
export const EditResponders = (props: EditRespondersProps) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" variant="tertiary" onPress={() => setOpen(true)}>
        Edit responders
      </Button>
      {open && <RespondersDialog {...props} onClose={() => setOpen(false)} />}
    </>
  );
};
