import { FormEvent, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Alert,
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
  Text,
  TextField,
} from '@backstage/ui';
import type { WeComLinkedUser } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
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
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      await api.linkUser({
        integrationId,
        entityRef: user.entityRef,
        wecomUserId: wecomUserId.trim(),
      });
      onLinked();
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit}>
      <DialogHeader>Link {user.displayName}</DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="3">
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
          {error !== undefined && (
            <Alert
              status="danger"
              title="Could not link the user"
              description={linkChangeErrorMessage(error)}
            />
          )}
        </Flex>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onPress={onClose}>
          Cancel
        </Button>
        <Button
          type="submit"
          variant="primary"
          isDisabled={!wecomUserId.trim()}
          isPending={saving}
        >
          Link
        </Button>
      </DialogFooter>
    </form>
  );
};

/** Asks for the WeCom userid of one unlinked user and links them. */
export const LinkUserDialog = (props: LinkUserDialogProps) => (
  <Dialog
    isOpen={props.user !== undefined}
    onOpenChange={open => {
      if (!open) props.onClose();
    }}
  >
    {props.user && (
      <LinkUserForm key={props.user.entityRef} {...props} user={props.user} />
    )}
  </Dialog>
);
