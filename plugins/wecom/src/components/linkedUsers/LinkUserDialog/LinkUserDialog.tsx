import { FormEvent, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Text, TextField } from '@backstage/ui';
import type { WeComLinkedUser } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { FormDialog } from '../../shared/FormDialog';
import { useFormSave } from '../../shared/hooks/useFormSave';
import { linkChangeErrorMessage } from '../linkedUsersErrors';

/** Props of {@link LinkUserDialog}. */
export interface LinkUserDialogProps {
  integrationId: string;
  /** The user to link; the dialog is open while set. */
  user: WeComLinkedUser | undefined;
  onClose: () => void;
  onLinked: () => void;
}

const LinkUserForm = (
  props: LinkUserDialogProps & { user: WeComLinkedUser },
) => {
  const { integrationId, user, onClose, onLinked } = props;
  const api = useApi(wecomApiRef);
  const [wecomUserId, setWecomUserId] = useState('');
  const { saving, saveError, save } = useFormSave();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save(async () => {
      await api.linkUser({
        integrationId,
        entityRef: user.entityRef,
        wecomUserId: wecomUserId.trim(),
      });
      onLinked();
      onClose();
    });
  };

  return (
    <FormDialog
      title={`Link ${user.displayName}`}
      submitLabel="Link"
      submitDisabled={!wecomUserId.trim()}
      saving={saving}
      error={saveError}
      failureTitle="Could not link the user"
      describeError={linkChangeErrorMessage}
      onSubmit={submit}
      onClose={onClose}
    >
      <Text as="p" variant="body-medium" style={{ margin: 0 }}>
        Link the Backstage user {user.entityRef} to a WeCom member.
      </Text>
      <TextField
        label="WeCom userid"
        description="The member's account (账号) in Contacts of the WeCom admin console."
        value={wecomUserId}
        onChange={setWecomUserId}
        isRequired
      />
    </FormDialog>
  );
};

/** Asks for the WeCom userid of one unlinked user and links them. */
export const LinkUserDialog = (props: LinkUserDialogProps) =>
  props.user ? (
    <LinkUserForm key={props.user.entityRef} {...props} user={props.user} />
  ) : null;
