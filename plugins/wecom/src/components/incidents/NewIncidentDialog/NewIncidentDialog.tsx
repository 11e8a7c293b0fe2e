import { FormEvent, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Radio, RadioGroup, TextAreaField, TextField } from '@backstage/ui';
import {
  WECOM_INCIDENT_SEVERITIES,
  type WeComIncident,
  type WeComIncidentSeverity,
} from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { useFormSave } from '../../shared/hooks/useFormSave';
import { FormDialog } from '../../shared/FormDialog';
import { errorMessage } from '../../shared/errorMessage';
import { severityLabel } from '../incidentLabels';
import {
  emptyNewIncident,
  NewIncidentErrors,
  NewIncidentValues,
  toIncidentInput,
} from './toIncidentInput';

/** Props of {@link NewIncidentDialog}. */
export interface NewIncidentDialogProps {
  onClose: () => void;
  /** Called with the stored incident, e.g. to open its page. */
  onCreated: (incident: WeComIncident) => void;
  /** The entity the incident is about, filled in (e.g. from its page). */
  initialEntityRef?: string;
}

/**
 * Opens an incident by hand. Its responders (or the entity's owners) get a
 * WeCom card as soon as it is stored.
 */
export const NewIncidentDialog = (props: NewIncidentDialogProps) => {
  const { onClose, onCreated } = props;
  const api = useApi(wecomApiRef);
  const [values, setValues] = useState<NewIncidentValues>(() => ({
    ...emptyNewIncident,
    entityRef: props.initialEntityRef ?? '',
  }));
  const [errors, setErrors] = useState<NewIncidentErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const { saving, saveError, save } = useFormSave();

  const update = (change: Partial<NewIncidentValues>) => {
    const next = { ...values, ...change };
    setValues(next);
    if (submitted) setErrors(toIncidentInput(next).errors ?? {});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const checked = toIncidentInput(values);
    setErrors(checked.errors ?? {});
    if (!checked.input) return;
    const input = checked.input;
    await save(async () => {
      onCreated(await api.createIncident(input));
    });
  };

  return (
    <FormDialog
      title="New incident"
      submitLabel="Create"
      saving={saving}
      error={saveError}
      failureTitle="The incident was not created"
      describeError={errorMessage}
      onSubmit={submit}
      onClose={onClose}
      gap="4"
    >
      <TextField
        label="Title"
        name="title"
        value={values.title}
        onChange={title => update({ title })}
        isRequired
        validationBehavior="aria"
        validate={() => errors.title}
      />
      <RadioGroup
        label="Severity"
        orientation="horizontal"
        value={values.severity}
        onChange={severity =>
          update({ severity: severity as WeComIncidentSeverity })
        }
      >
        {WECOM_INCIDENT_SEVERITIES.map(severity => (
          <Radio key={severity} value={severity}>
            {severityLabel(severity)}
          </Radio>
        ))}
      </RadioGroup>
      <TextAreaField
        label="Description"
        name="description"
        rows={3}
        value={values.description}
        onChange={description => update({ description })}
      />
      <TextField
        label="Entity"
        name="entityRef"
        description="The catalog entity it is about, e.g. component:default/payments-api; a bare name is a component."
        value={values.entityRef}
        onChange={entityRef => update({ entityRef })}
        validationBehavior="aria"
        validate={() => errors.entityRef}
      />
      <TextField
        label="Responders"
        name="responders"
        description="Users or groups, separated by commas, e.g. group:default/payments-team. Empty: the members of the team that owns the entity."
        value={values.responders}
        onChange={responders => update({ responders })}
        validationBehavior="aria"
        validate={() => errors.responders}
      />
    </FormDialog>
  );
};
