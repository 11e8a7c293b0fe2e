import { useState } from 'react';
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
} from '@backstage/ui';
import type { WeComLinkedUser } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../api';
import { linkChangeErrorMessage } from '../linkedUsersErrors';

/** Props of {@link UnlinkUserDialog}. */
export interface UnlinkUserDialogProps {
  integrationId: string;
  /** The linked user to unlink; the dialog is open while set. */
  user: WeComLinkedUser | undefined;
  onClose: () => void;
  onUnlinked: () => void;
}

const UnlinkConfirmation = (
  props: UnlinkUserDialogProps & { user: WeComLinkedUser },
) => {
  const { integrationId, user, onClose, onUnlinked } = props;
  const api = useApi(wecomApiRef);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<unknown>();

  const unlink = async () => {
    setRemoving(true);
    setError(undefined);
    try {
      await api.unlinkUser({ integrationId, entityRef: user.entityRef });
      onUnlinked();
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setRemoving(false);
    }
  };

  return (
    <>
      <DialogHeader>Unlink {user.displayName}?</DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="3">
          <Text as="p" variant="body-medium" style={{ margin: 0 }}>
            {user.entityRef} will no longer receive WeCom alerts as WeCom member{' '}
            {user.wecomUserId}, nor join War Rooms, until linked again.
          </Text>
          {error !== undefined && (
            <Alert
              status="danger"
              title="Could not unlink the user"
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
          variant="primary"
          destructive
          onPress={unlink}
          isPending={removing}
        >
          Unlink
        </Button>
      </DialogFooter>
    </>
  );
};

/** Asks before removing the WeCom link of one user. */
export const UnlinkUserDialog = (props: UnlinkUserDialogProps) => (
  <Dialog
    isOpen={props.user !== undefined}
    onOpenChange={open => {
      if (!open) props.onClose();
    }}
  >
    {props.user && (
      <UnlinkConfirmation
        key={props.user.entityRef}
        {...props}
        user={props.user}
      />
    )}
  </Dialog>
);
