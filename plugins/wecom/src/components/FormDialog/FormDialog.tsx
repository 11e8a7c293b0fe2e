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
  /** Why the last attempt was refused, shown above the buttons. */
  failure?: { title: string; description: string };
  onSubmit: (event: FormEvent) => void;
  onClose: () => void;
  /** Space between the fields. */
  gap?: '3' | '4';
  children: ReactNode;
}

/**
 * A dialog around one form: the fields, the refusal if the last attempt
 * failed, Cancel and the submit button. The dialogs that create or change
 * something on the incident page share it.
 */
export const FormDialog = (props: FormDialogProps) => {
  const { saving, failure, onClose } = props;
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
            {failure && (
              <Alert
                status="danger"
                title={failure.title}
                description={failure.description}
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
        >
          {props.submitLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
};
