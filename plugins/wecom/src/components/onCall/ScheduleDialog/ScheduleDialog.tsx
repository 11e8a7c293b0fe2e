import { FormEvent, useCallback, useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { TextField } from '@backstage/ui';
import type { WeComSchedule } from 'backstage-plugin-wecom-common';
import { wecomOnCallApiRef } from '../../../api';
import { FormDialog } from '../../shared/FormDialog';
import { useFormSave } from '../../shared/hooks/useFormSave';
import { CatalogOption } from '../hooks/useCatalogPeople';
import { DraftProblems } from '../DraftProblems';
import { onCallChangeErrorMessage } from '../onCallErrors';
import { NameLookup } from '../onCallLabels';
import { OptionPicker } from '../OptionPicker';
import {
  checkScheduleDraft,
  LayerDraft,
  ScheduleDraft,
  scheduleDraft,
} from '../scheduleDraft';
import { LayersEditor } from './LayersEditor';

/** Props of {@link ScheduleDialog}. */
export interface ScheduleDialogProps {
  /** The schedule to edit; a new one when undefined. */
  schedule?: WeComSchedule;
  userOptions: CatalogOption[];
  groupOptions: CatalogOption[];
  nameOf: NameLookup;
  onClose: () => void;
  onSaved: (schedule: WeComSchedule) => void;
}

/** Every IANA zone the browser knows, for the time zone picker. */
function timeZoneOptions(current: string) {
  const zones = Intl.supportedValuesOf?.('timeZone') ?? [];
  const all = zones.includes(current) ? zones : [current, ...zones];
  return all.map(zone => ({ id: zone, label: zone }));
}

/** Creates a schedule or changes one: name, owner, zone and layers. */
export const ScheduleDialog = (props: ScheduleDialogProps) => {
  const { schedule, onClose, onSaved } = props;
  const api = useApi(wecomOnCallApiRef);
  const [draft, setDraft] = useState(() => scheduleDraft(schedule));
  const [problems, setProblems] = useState<string[]>([]);
  const { saving, saveError, save } = useFormSave();
  const zones = useMemo(
    () => timeZoneOptions(draft.timeZone),
    [draft.timeZone],
  );
  // Stable handlers, so typing in one field leaves the pickers alone.
  const change = useCallback(
    (fields: Partial<ScheduleDraft>) => setDraft(d => ({ ...d, ...fields })),
    [],
  );
  const setOwnerRef = useCallback(
    (ownerRef: string) => change({ ownerRef }),
    [change],
  );
  const setTimeZone = useCallback(
    (timeZone: string) => change({ timeZone }),
    [change],
  );
  const setLayers = useCallback(
    (layers: LayerDraft[]) => change({ layers }),
    [change],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkScheduleDraft(draft);
    setProblems(checked.problems ?? []);
    if (!checked.input) return;
    const input = checked.input;
    save(async () => {
      const saved = schedule
        ? await api.updateSchedule(schedule.id, input)
        : await api.createSchedule(input);
      onSaved(saved);
      onClose();
    });
  };

  return (
    <FormDialog
      title={schedule ? `Edit ${schedule.name}` : 'New schedule'}
      submitLabel={schedule ? 'Save' : 'Create'}
      saving={saving}
      error={saveError}
      failureTitle={
        schedule ? 'The schedule was not saved' : 'The schedule was not created'
      }
      describeError={onCallChangeErrorMessage}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField
        label="Name"
        value={draft.name}
        onChange={name => change({ name })}
        isRequired
      />
      <OptionPicker
        label="Owner group"
        description="The catalog group the schedule belongs to; its components' on-call comes from it."
        options={props.groupOptions}
        value={draft.ownerRef}
        onChange={setOwnerRef}
        isRequired
      />
      <OptionPicker
        label="Time zone"
        description="Hand-off times and start dates are wall-clock times in this zone, across daylight-saving changes."
        options={zones}
        value={draft.timeZone}
        onChange={setTimeZone}
        isRequired
      />
      <LayersEditor
        layers={draft.layers}
        onChange={setLayers}
        timeZone={draft.timeZone}
        userOptions={props.userOptions}
        nameOf={props.nameOf}
      />
      <DraftProblems title="Check the schedule" problems={problems} />
    </FormDialog>
  );
};
