import { useApi } from '@backstage/core-plugin-api';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { ConfirmDialog } from '../../shared/ConfirmDialog';

/**
 * Asks before deleting an integration made in the setup form, and says what
 * stops working.
 */
export const DeleteIntegrationDialog = (props: {
  integration: WeComIntegrationView;
  onDeleted: (integrationId: string) => void;
  onClose: () => void;
}) => {
  const { integration, onDeleted, onClose } = props;
  const api = useApi(wecomApiRef);
  return (
    <ConfirmDialog
      title={`Delete ${integration.name}?`}
      consequence={
        <>
          WeCom can no longer reach Backstage through this integration&apos;s
          callback URLs, and no alerts or War Rooms go to corp{' '}
          {integration.corpId} through it. Its Secret and keys are deleted; this
          cannot be undone.
        </>
      }
      confirmLabel="Delete"
      failureTitle="The integration was not deleted"
      onConfirm={async () => {
        await api.deleteIntegration(integration.id);
        onDeleted(integration.id);
      }}
      onClose={onClose}
    />
  );
};
