import { FormEvent, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { TextAreaField } from '@backstage/ui';
import type { WeComPostmortem } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { useFormSave } from '../../shared/hooks/useFormSave';
import { FormDialog } from '../../shared/FormDialog';
import { postmortemErrorMessage, sizeProblem } from './postmortemLabels';

/** Props of {@link EditPostmortemDialog}. */
export interface EditPostmortemDialogProps {
  postmortem: WeComPostmortem;
  onClose: () => void;
  /** The post-mortem as the backend stored it. */
  onSaved: (postmortem: WeComPostmortem) => void;
}

/** Changes the post-mortem's markdown (at most 100 KB). */
export const EditPostmortemDialog = (props: EditPostmortemDialogProps) => {
  const { postmortem, onClose, onSaved } = props;
  const api = useApi(wecomApiRef);
  const [markdown, setMarkdown] = useState(postmortem.markdown);
  const [invalid, setInvalid] = useState<string>();
  const { saving, saveError, save } = useFormSave();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = sizeProblem(markdown);
    setInvalid(problem);
    if (problem) return;
    await save(async () => {
      onSaved(await api.updatePostmortem(postmortem.incidentId, markdown));
    });
  };

  return (
    <FormDialog
      title="Edit post-mortem"
      submitLabel="Save"
      saving={saving}
      error={saveError}
      failureTitle="The post-mortem was not saved"
      describeError={postmortemErrorMessage}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextAreaField
        label="Markdown"
        name="markdown"
        description="WeCom shows headings, bold, links, quotes and coloured text; keep the six sections so readers find their way."
        rows={18}
        value={markdown}
        onChange={value => {
          setMarkdown(value);
          if (invalid) setInvalid(undefined);
        }}
        isRequired
        validationBehavior="aria"
        validate={() => invalid}
      />
    </FormDialog>
  );
};
