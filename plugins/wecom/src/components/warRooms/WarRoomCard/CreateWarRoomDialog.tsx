import { FormEvent, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { TextField } from '@backstage/ui';
import type {
  WeComWarRoom,
  WeComWarRoomCreateRequest,
} from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { useFormSave } from '../../shared/hooks/useFormSave';
import { FormDialog } from '../../shared/FormDialog';
import { warRoomErrorMessage } from '../../incidents/incidentErrors';
import { errorStatus } from '../../shared/errorMessage';
import { parseMemberRefs } from '../../shared/memberRefs';

/** WeCom's limit on a group chat's name. */
export const WAR_ROOM_NAME_MAX = 50;

/** Props of {@link CreateWarRoomDialog}. */
export interface CreateWarRoomDialogProps {
  incidentId: string;
  onClose: () => void;
  /** The War Room as the backend answered it. */
  onCreated: (warRoom: WeComWarRoom) => void;
  /** After a failure that may have left a War Room to finish. */
  onFailed: () => void;
}

type Errors = Partial<Record<'members' | 'name', string>>;

function toRequest(
  members: string,
  name: string,
): { request?: WeComWarRoomCreateRequest; errors: Errors } {
  const errors: Errors = {};
  const checked = parseMemberRefs(members);
  if (checked.error) errors.members = checked.error;
  const trimmed = name.trim();
  if (trimmed.length > WAR_ROOM_NAME_MAX) {
    errors.name = `At most ${WAR_ROOM_NAME_MAX} characters: WeCom's limit for a group name.`;
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    request: {
      ...(checked.refs?.length ? { members: checked.refs } : {}),
      ...(trimmed ? { name: trimmed } : {}),
    },
  };
}

/**
 * Creates the incident's War Room: the responders and the requester, plus
 * any extra members, under the configured name unless one is given. The
 * backend's refusal (no War-Room integration, too few linked people, a
 * WeCom error) shows in its own words.
 */
export const CreateWarRoomDialog = (props: CreateWarRoomDialogProps) => {
  const { incidentId, onClose, onCreated, onFailed } = props;
  const api = useApi(wecomApiRef);
  const [members, setMembers] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const { saving, saveError, save } = useFormSave();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = toRequest(members, name);
    setErrors(checked.errors);
    const request = checked.request;
    if (!request) return;
    await save(
      async () => {
        onCreated(await api.createWarRoom(incidentId, request));
      },
      error => {
        // A 4xx is a refusal before anything was done; a 502 (or a lost
        // answer) may leave a War Room whose creation stopped part-way.
        const status = errorStatus(error);
        if (status === undefined || status >= 500) onFailed();
      },
    );
  };

  return (
    <FormDialog
      title="Create War Room"
      submitLabel="Create"
      saving={saving}
      error={saveError}
      failureTitle="The War Room was not created"
      describeError={warRoomErrorMessage}
      onSubmit={submit}
      onClose={onClose}
      gap="4"
    >
      <TextField
        label="Extra members"
        name="members"
        description="Optional. Users or groups on top of the responders and you, separated by commas or spaces, e.g. user:default/lisi, group:default/sre."
        value={members}
        onChange={setMembers}
        validationBehavior="aria"
        validate={() => errors.members}
      />
      <TextField
        label="Name"
        name="name"
        description={`Optional. The group's name in WeCom, at most ${WAR_ROOM_NAME_MAX} characters; empty: from the configured name template.`}
        value={name}
        onChange={setName}
        validationBehavior="aria"
        validate={() => errors.name}
      />
    </FormDialog>
  );
};
