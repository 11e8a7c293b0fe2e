import { useApi } from '@backstage/core-plugin-api';
import type { WeComLinkedUser } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { ConfirmDialog } from '../../shared/ConfirmDialog';
import { linkChangeErrorMessage } from '../linkedUsersErrors';

/** Props of {@link UnlinkUserDialog}. */
export interface UnlinkUserDialogProps {
  integrationId: string;
  /** The linked user to unlink; the dialog is open while set. */
  user: WeComLinkedUser | undefined;
  onClose: () => void;
  onUnlinked: () => void;
}

/** Asks before removing the WeCom link of one user. */
export const UnlinkUserDialog = (props: UnlinkUserDialogProps) => {
  const { integrationId, user, onClose, onUnlinked } = props;
  const api = useApi(wecomApiRef);
  if (!user) return null;
  return (
    <ConfirmDialog
      key={user.entityRef}
      title={`Unlink ${user.displayName}?`}
      consequence={
        <>
          {user.entityRef} will no longer receive WeCom alerts as WeCom member{' '}
          {user.wecomUserId}, nor join War Rooms, until linked again.
        </>
      }
      confirmLabel="Unlink"
      failureTitle="Could not unlink the user"
      describeError={linkChangeErrorMessage}
      onConfirm={async () => {
        await api.unlinkUser({ integrationId, entityRef: user.entityRef });
        onUnlinked();
        onClose();
      }}
      onClose={onClose}
    />
  );
};
