import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Alert,
  Button,
  ButtonIcon,
  Flex,
  Menu,
  MenuItem,
  MenuTrigger,
} from '@backstage/ui';
import { RiArrowDownSLine } from '@remixicon/react';
import type {
  WeComIncident,
  WeComIncidentTransition,
} from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import {
  actionsFor,
  SNOOZE_BUTTON_MINUTES,
  SNOOZE_MENU,
} from '../incidentLabels';
import { transitionErrorMessage } from '../incidentErrors';

/** Props of {@link IncidentActions}. */
export interface IncidentActionsProps {
  incident: WeComIncident;
  /** The incident as the backend answered the transition. */
  onChanged: (incident: WeComIncident) => void;
  /** After a refusal: the incident probably changed meanwhile. */
  onRefused: () => void;
}

/**
 * The status changes that apply to the incident now, as on its WeCom card:
 * Start processing, Close, Snooze (2 hours, or 30 minutes, 4 hours, 1 day
 * from the menu), and Reopen once closed. A refusal shows the backend's
 * reason.
 */
export const IncidentActions = (props: IncidentActionsProps) => {
  const { incident, onChanged, onRefused } = props;
  const api = useApi(wecomApiRef);
  const [pending, setPending] = useState<string>();
  const [refusal, setRefusal] = useState<string>();
  const actions = actionsFor(incident.status);

  const run = async (key: string, transition: WeComIncidentTransition) => {
    setPending(key);
    setRefusal(undefined);
    try {
      onChanged(await api.transitionIncident(incident.id, transition));
    } catch (e) {
      setRefusal(transitionErrorMessage(e));
      onRefused();
    } finally {
      setPending(undefined);
    }
  };

  const busy = pending !== undefined;
  const button = (
    key: string,
    label: string,
    transition: WeComIncidentTransition,
    variant: 'primary' | 'secondary' = 'secondary',
  ) => (
    <Button
      variant={variant}
      isPending={pending === key}
      isDisabled={busy && pending !== key}
      onPress={() => run(key, transition)}
    >
      {label}
    </Button>
  );

  return (
    <Flex direction="column" gap="3">
      <Flex gap="2" align="center" role="group" aria-label="Incident actions">
        {actions.includes('startProcessing') &&
          button(
            'start',
            'Start processing',
            { action: 'startProcessing' },
            'primary',
          )}
        {actions.includes('close') &&
          button('close', 'Close', { action: 'close' })}
        {actions.includes('snooze') && (
          <Flex gap="1" align="center">
            {button('snooze', 'Snooze 2 hours', {
              action: 'snooze',
              snoozeMinutes: SNOOZE_BUTTON_MINUTES,
            })}
            <MenuTrigger>
              <ButtonIcon
                aria-label="More snooze durations"
                variant="secondary"
                icon={<RiArrowDownSLine />}
                isDisabled={busy}
              />
              <Menu
                onAction={key =>
                  run('snooze', {
                    action: 'snooze',
                    snoozeMinutes: Number(key),
                  })
                }
              >
                {SNOOZE_MENU.map(option => (
                  <MenuItem key={option.minutes} id={String(option.minutes)}>
                    {`Snooze ${option.label}`}
                  </MenuItem>
                ))}
              </Menu>
            </MenuTrigger>
          </Flex>
        )}
        {actions.includes('reopen') &&
          button('reopen', 'Reopen', { action: 'reopen' }, 'primary')}
      </Flex>
      {refusal && (
        <Alert
          status="warning"
          title="The incident was not changed"
          description={refusal}
        />
      )}
    </Flex>
  );
};
