import { useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Button, Flex, Text } from '@backstage/ui';
import type {
  WeComEscalationPolicy,
  WeComEscalationTarget,
} from 'backstage-plugin-wecom-common';
import { wecomOnCallApiRef } from '../../../api';
import { ConfirmDialog } from '../../shared/ConfirmDialog';
import { useCatalogPeople } from '../hooks/useCatalogPeople';
import { useEscalationPolicies } from '../hooks/useEscalationPolicies';
import { useOnCallPermissions } from '../hooks/useOnCallPermissions';
import { useSchedules } from '../hooks/useSchedules';
import { OnCallReadGate } from '../OnCallReadGate';
import { onCallChangeErrorMessage } from '../onCallErrors';
import { ESCALATION_POLICY_ANNOTATION, targetLabel } from '../onCallLabels';
import { refWithoutDefaultNamespace } from '../../shared/memberRefs';
import { PoliciesTable } from '../PoliciesTable';
import { PolicyDialog } from '../PolicyDialog';

type Editing = { policy?: WeComEscalationPolicy } | undefined;

/**
 * The Escalation policies tab: the policies, how a component picks one,
 * and (with permission) creating, editing and deleting them.
 */
export const EscalationPoliciesPanel = () => {
  const api = useApi(wecomOnCallApiRef);
  const permissions = useOnCallPermissions();
  const people = useCatalogPeople();
  const policies = useEscalationPolicies();
  const schedules = useSchedules();
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState<WeComEscalationPolicy>();

  const scheduleNames = useMemo(
    () => new Map((schedules.value ?? []).map(s => [s.id, s.name])),
    [schedules.value],
  );
  const options = useMemo(
    () => ({
      schedule: (schedules.value ?? []).map(s => ({
        id: s.id,
        label: `${s.name} (${refWithoutDefaultNamespace(s.ownerRef)})`,
      })),
      group: people.groupOptions,
      user: people.userOptions,
    }),
    [schedules.value, people.groupOptions, people.userOptions],
  );
  const describe = (target: WeComEscalationTarget) =>
    target.kind === 'schedule'
      ? `Schedule ${targetLabel(target, scheduleNames)}`
      : `${people.nameOf(target.ref)} (${refWithoutDefaultNamespace(
          target.ref,
        )})`;

  return (
    <OnCallReadGate
      permission={permissions}
      load={policies}
      what="escalation policies"
    >
      <Flex direction="column" gap="4">
        <Flex justify="between" align="center">
          <Text as="p" variant="body-medium" style={{ margin: 0 }}>
            A component picks its policy with the annotation{' '}
            <code>{ESCALATION_POLICY_ANNOTATION}: &lt;id&gt;</code>; without it,
            it inherits its owner group&apos;s. The policy in app-config.yaml
            stays the default.
          </Text>
          {permissions.canManagePolicies && (
            <Button variant="primary" onPress={() => setEditing({})}>
              New policy
            </Button>
          )}
        </Flex>
        <PoliciesTable
          policies={policies.value ?? []}
          scheduleNames={scheduleNames}
          nameOf={people.nameOf}
          canManage={permissions.canManagePolicies}
          onEdit={policy => setEditing({ policy })}
          onDelete={setDeleting}
        />
      </Flex>
      {editing && (
        <PolicyDialog
          policy={editing.policy}
          options={options}
          describe={describe}
          onClose={() => setEditing(undefined)}
          onSaved={policies.retry}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          consequence="Components that inherit it follow the default policy again. A policy that a component or group names in its annotation cannot be deleted."
          confirmLabel="Delete"
          failureTitle="The policy was not deleted"
          describeError={onCallChangeErrorMessage}
          onConfirm={async () => {
            await api.deleteEscalationPolicy(deleting.id);
            setDeleting(undefined);
            policies.retry();
          }}
          onClose={() => setDeleting(undefined)}
        />
      )}
    </OnCallReadGate>
  );
};
