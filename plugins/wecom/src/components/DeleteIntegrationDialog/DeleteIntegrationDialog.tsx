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
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../api';
import { errorMessage } from '../errorMessage';

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
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<Error>();

  const remove = async () => {
    setDeleting(true);
    setError(undefined);
    try {
      await api.deleteIntegration(integration.id);
      onDeleted(integration.id);
    } catch (e) {
      setError(e as Error);
      setDeleting(false);
    }
  };

  return (
    <Dialog isOpen onOpenChange={open => !open && onClose()}>
      <DialogHeader>Delete {integration.name}?</DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="3">
          <Text as="p" variant="body-medium" style={{ margin: 0 }}>
            WeCom can no longer reach Backstage through this integration&apos;s
            callback URLs, and no alerts or War Rooms go to corp{' '}
            {integration.corpId} through it. Its Secret and keys are deleted;
            this cannot be undone.
          </Text>
          {error && (
            <Alert
              status="danger"
              title="The integration was not deleted"
              description={errorMessage(error)}
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
          isPending={deleting}
          onPress={remove}
        >
          Delete
        </Button>
      </DialogFooter>
    </Dialog>
  );
};
