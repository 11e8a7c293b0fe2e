import { ReactNode, useState } from 'react';
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
import { errorMessage } from '../errorMessage';

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  title: string;
  /** What stops working when the admin confirms. */
  consequence: ReactNode;
  /** The destructive button's label, e.g. "Delete". */
  confirmLabel: string;
  /** The alert title when the action fails; the dialog stays open. */
  failureTitle: string;
  /** Does the change; a throw is shown in the dialog. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
  /** Turns a failure into words; the API error's message by default. */
  describeError?: (error: unknown) => string;
}

/**
 * Asks before a destructive change, shows it pending, and keeps the dialog
 * open with the reason when the backend refuses.
 */
export const ConfirmDialog = (props: ConfirmDialogProps) => {
  const { onConfirm, onClose } = props;
  const describe = props.describeError ?? errorMessage;
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>();

  const confirm = async () => {
    setPending(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (e) {
      setError(e);
      setPending(false);
    }
  };

  return (
    <Dialog isOpen onOpenChange={open => !open && onClose()}>
      <DialogHeader>{props.title}</DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="3">
          <Text as="p" variant="body-medium" style={{ margin: 0 }}>
            {props.consequence}
          </Text>
          {error !== undefined && (
            <Alert
              status="danger"
              title={props.failureTitle}
              description={describe(error)}
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
          isPending={pending}
          onPress={confirm}
        >
          {props.confirmLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
};
