import { FormEvent, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { TextField } from '@backstage/ui';
import type { WeComWarRoom } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { useFormSave } from '../../shared/hooks/useFormSave';
import { FormDialog } from '../../shared/FormDialog';
import { warRoomErrorMessage } from '../../incidents/incidentErrors';
import { parseMemberRefs } from '../../shared/memberRefs';

/** Props of {@link InviteFollowersDialog}. */
export interface InviteFollowersDialogProps {
  incidentId: string;
  onClose: () => void;
  /** The War Room as the backend answered the invitation. */
  onInvited: (warRoom: WeComWarRoom) => void;
}

/**
 * Adds people who are not responders (a manager, a neighbouring team) to an
 * active War Room; groups bring their members.
 */
export const InviteFollowersDialog = (props: InviteFollowersDialogProps) => {
  const { incidentId, onClose, onInvited } = props;
  const api = useApi(wecomApiRef);
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const { saving, saveError, save } = useFormSave();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = parseMemberRefs(text);
    const refs = checked.refs ?? [];
    const error =
      checked.error ??
      (refs.length === 0 ? 'Name at least one user or group.' : undefined);
    setInvalid(error);
    if (error) return;
    await save(async () => {
      onInvited(await api.inviteToWarRoom(incidentId, { members: refs }));
    });
  };

  return (
    <FormDialog
      title="Invite followers"
      submitLabel="Invite"
      saving={saving}
      error={saveError}
      failureTitle="Nobody was invited"
      describeError={warRoomErrorMessage}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField
        label="Followers"
        name="members"
        description="Users or groups, separated by commas or spaces, e.g. user:default/lisi, group:default/sre. People without a linked WeCom member are listed as not linked."
        value={text}
        onChange={value => {
          setText(value);
          if (invalid) setInvalid(undefined);
        }}
        isRequired
        validationBehavior="aria"
        validate={() => invalid}
      />
    </FormDialog>
  );
};
