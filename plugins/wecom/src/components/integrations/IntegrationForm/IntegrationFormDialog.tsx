import { useId, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
} from '@backstage/ui';
import type {
  WeComIntegrationInput,
  WeComIntegrationView,
} from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import type { ConnectionTestState } from '../hooks/useConnectionTests';
import { errorMessage } from '../../shared/errorMessage';
import { IntegrationForm } from './IntegrationForm';
import { EnteredKey, SavedIntegration } from './SavedIntegration';

/** Props of {@link IntegrationFormDialog}. */
export interface IntegrationFormDialogProps {
  /** The integration to edit; undefined to create one. */
  editing?: WeComIntegrationView;
  integrations: WeComIntegrationView[];
  tests: Readonly<Record<string, ConnectionTestState>>;
  onTest: (integrationId: string) => void;
  /** Called with the stored integration after each successful save. */
  onSaved: (integration: WeComIntegrationView) => void;
  onClose: () => void;
}

/** The Tokens and EncodingAESKeys of a request body, to show them once. */
function enteredKeys(input: WeComIntegrationInput): EnteredKey[] {
  return [
    { label: 'Callback Token', value: input.callback?.token },
    { label: 'Callback EncodingAESKey', value: input.callback?.encodingAESKey },
    { label: 'Bot Token', value: input.bot?.token },
    { label: 'Bot EncodingAESKey', value: input.bot?.encodingAESKey },
  ].filter((key): key is EnteredKey => Boolean(key.value));
}

/**
 * Creates or edits an integration in a dialog. Once saved, the dialog shows
 * what to paste into WeCom and offers the connection test.
 */
export const IntegrationFormDialog = (props: IntegrationFormDialogProps) => {
  const { editing, integrations, tests, onTest, onSaved, onClose } = props;
  const api = useApi(wecomApiRef);
  const formId = useId();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Error>();
  // Which suites a third-party app may use; without the answer (an older
  // backend, no permission) the form asks for a typed Suite ID instead.
  const suites = useAsync(() => api.listSuites(), [api]);
  const [saved, setSaved] = useState<{
    integration: WeComIntegrationView;
    keys: EnteredKey[];
  }>();

  const save = async (input: WeComIntegrationInput) => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const integration = editing
        ? await api.updateIntegration(editing.id, input)
        : await api.createIntegration(input);
      setSaved({ integration, keys: enteredKeys(input) });
      onSaved(integration);
    } catch (error) {
      setSaveError(error as Error);
    } finally {
      setSaving(false);
    }
  };

  let title = 'Add integration';
  if (saved) title = `${saved.integration.name} is set up in Backstage`;
  else if (editing) title = `Edit ${editing.name}`;

  return (
    <Dialog
      isOpen
      isDismissable={false}
      onOpenChange={open => !open && onClose()}
      width={680}
    >
      <DialogHeader>{title}</DialogHeader>
      <DialogBody>
        {saved ? (
          <SavedIntegration
            integration={saved.integration}
            enteredKeys={saved.keys}
            test={tests[saved.integration.id]}
            onTest={() => onTest(saved.integration.id)}
          />
        ) : (
          <IntegrationForm
            formId={formId}
            editing={editing}
            integrations={integrations}
            suites={suites.loading ? undefined : suites.value}
            onSubmit={save}
          />
        )}
      </DialogBody>
      {saveError && (
        <Box px="4" pt="2">
          <Alert
            status="danger"
            title="The integration was not saved"
            description={errorMessage(saveError)}
          />
        </Box>
      )}
      <DialogFooter>
        {saved ? (
          <Button variant="primary" onPress={onClose}>
            Done
          </Button>
        ) : (
          <>
            <Button variant="secondary" onPress={onClose}>
              Cancel
            </Button>
            <Button
              variant="primary"
              type="submit"
              form={formId}
              isPending={saving}
            >
              Save
            </Button>
          </>
        )}
      </DialogFooter>
    </Dialog>
  );
};
