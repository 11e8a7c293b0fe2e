import { FormEvent, ReactNode, useId } from 'react';
import {
  Alert,
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
} from '@backstage/ui';

/** Props of {@link FormDialog}. */
export interface FormDialogProps {
  title: string;
  /** The primary button, e.g. "Create". */
  submitLabel: string;
  /** While the request runs: the button spins and the dialog stays open. */
  saving: boolean;
  /** Why the last attempt failed (undefined: it did not), shown above the buttons. */
  error: unknown;
  /** The refusal's heading, e.g. "The incident was not created". */
  failureTitle: string;
  /** The error in plain words. */
  describeError: (error: unknown) => string;
  onSubmit: (event: FormEvent) => void;
  onClose: () => void;
  /** The submit button is off, e.g. while a required field is empty. */
  submitDisabled?: boolean;
  /** Space between the fields. */
  gap?: '3' | '4';
  children: ReactNode;
}

/**
 * A dialog around one form: the fields, the refusal if the last attempt
 * failed, Cancel and the submit button. The dialogs that create or change
 * something share it.
 */
export const FormDialog = (props: FormDialogProps) => {
  const { saving, error, onClose } = props;
  const formId = useId();
  return (
    <Dialog
      isOpen
      isDismissable={!saving}
      onOpenChange={open => !open && onClose()}
      width={560}
    >
      <DialogHeader>{props.title}</DialogHeader>
      <DialogBody>
        <form id={formId} onSubmit={props.onSubmit} noValidate>
          <Flex direction="column" gap={props.gap ?? '3'}>
            {props.children}
            {error !== undefined && (
              <Alert
                status="danger"
                title={props.failureTitle}
                description={props.describeError(error)}
              />
            )}
          </Flex>
        </form>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onPress={onClose} isDisabled={saving}>
          Cancel
        </Button>
        <Button
          type="submit"
          form={formId}
          variant="primary"
          isPending={saving}
          isDisabled={props.submitDisabled}
        >
          {props.submitLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
};
