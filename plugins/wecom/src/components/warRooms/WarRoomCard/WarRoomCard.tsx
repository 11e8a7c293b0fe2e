import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Progress } from '@backstage/core-components';
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Link,
  Text,
} from '@backstage/ui';
import type { WeComWarRoom } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { useWarRoom } from '../hooks/useWarRoom';
import { ConfirmDialog } from '../../shared/ConfirmDialog';
import { errorMessage } from '../../shared/errorMessage';
import { LoadFailure } from '../../shared/LoadFailure';
import { WarRoomStatusBadge } from '../../incidents/IncidentBadges';
import { warRoomErrorMessage } from '../../incidents/incidentErrors';
import {
  DISMISS_CONSEQUENCE,
  pendingStepsLabel,
  WAR_ROOM_EXPLANATION,
  warRoomTemplatePath,
} from '../warRoomLabels';
import { CreateWarRoomDialog } from './CreateWarRoomDialog';
import { InviteFollowersDialog } from './InviteFollowersDialog';
import { WarRoomDetails } from './WarRoomDetails';

/** Props of {@link WarRoomCard}. */
export interface WarRoomCardProps {
  incidentId: string;
  /** Loads the War Room again when it changes (see `useWarRoom`). */
  refreshKey?: unknown;
  /** After any change, e.g. to load the incident's timeline again. */
  onChanged?: () => void;
  /**
   * Why no War Room can be made for this incident (e.g. its cards went
   * through a third-party app): shown instead of the ways to create one.
   */
  unavailableReason?: string;
}

type DialogName = 'create' | 'invite' | 'dismiss';

/** What a War Room is, and the two ways to make one, or why there are none. */
const NoWarRoom = (props: {
  incidentId: string;
  onCreate: () => void;
  unavailableReason?: string;
}) => (
  <Flex direction="column" gap="3">
    <Text as="p" variant="body-medium" style={{ margin: 0 }}>
      {WAR_ROOM_EXPLANATION}
    </Text>
    {props.unavailableReason ? (
      <Alert
        status="info"
        title="No War Room for this incident"
        description={props.unavailableReason}
      />
    ) : (
      <Flex gap="3" align="center">
        <Button variant="primary" onPress={props.onCreate}>
          Create War Room
        </Button>
        <Link
          href={warRoomTemplatePath(props.incidentId)}
          variant="body-medium"
        >
          Create with template
        </Link>
      </Flex>
    )}
  </Flex>
);

/** A War Room whose creation stopped part-way, and why. */
const Unfinished = (props: { warRoom: WeComWarRoom }) => (
  <Alert
    status="warning"
    title="The War Room is not finished"
    description={`${
      props.warRoom.lastError ?? 'Creating it stopped part-way.'
    } Still to do: ${pendingStepsLabel(
      props.warRoom.pendingSteps,
    )}. Finish creating tries again from there.`}
  />
);

/**
 * The incident's War Room (its WeCom group chat) on the incident page: how
 * to create one, or its status, members and who is missing, with Finish
 * creating, Invite followers, Dismiss and Reopen.
 */
export const WarRoomCard = (props: WarRoomCardProps) => {
  const { incidentId, refreshKey, onChanged } = props;
  const api = useApi(wecomApiRef);
  const state = useWarRoom(incidentId, refreshKey);
  const [dialog, setDialog] = useState<DialogName>();
  const [pending, setPending] = useState<'finish' | 'reopen'>();
  const [refusal, setRefusal] = useState<string>();
  const { warRoom } = state;

  const show = (changed: WeComWarRoom) => {
    state.set(changed);
    setDialog(undefined);
    setRefusal(undefined);
    onChanged?.();
  };

  // Finishing and reopening are the same request: POST again.
  const postAgain = async (key: 'finish' | 'reopen') => {
    setPending(key);
    setRefusal(undefined);
    try {
      show(await api.createWarRoom(incidentId));
    } catch (e) {
      setRefusal(warRoomErrorMessage(e));
      // A step may have succeeded before another failed.
      state.reload();
      onChanged?.();
    } finally {
      setPending(undefined);
    }
  };

  let body;
  if (state.loading) {
    body = <Progress aria-label="Loading the War Room" />;
  } else if (!warRoom && state.error) {
    body = (
      <LoadFailure what="War Room" error={state.error} onRetry={state.reload} />
    );
  } else if (!warRoom) {
    body = (
      <NoWarRoom
        incidentId={incidentId}
        onCreate={() => setDialog('create')}
        unavailableReason={props.unavailableReason}
      />
    );
  } else {
    const busy = pending !== undefined;
    const dismissed = warRoom.status === 'dismissed';
    body = (
      <Flex direction="column" gap="4">
        {state.error && (
          <Alert
            status="warning"
            title="Could not refresh the War Room"
            description={errorMessage(state.error)}
          />
        )}
        {!dismissed && warRoom.pendingSteps.length > 0 && (
          <Unfinished warRoom={warRoom} />
        )}
        <WarRoomDetails warRoom={warRoom} />
        <Flex gap="2" align="center" role="group" aria-label="War Room actions">
          {!dismissed && warRoom.pendingSteps.length > 0 && (
            <Button
              variant="primary"
              isPending={pending === 'finish'}
              isDisabled={busy}
              onPress={() => postAgain('finish')}
            >
              Finish creating
            </Button>
          )}
          {warRoom.status === 'active' && (
            <Button
              variant="secondary"
              isDisabled={busy}
              onPress={() => setDialog('invite')}
            >
              Invite followers
            </Button>
          )}
          {!dismissed && (
            <Button
              variant="secondary"
              destructive
              isDisabled={busy}
              onPress={() => setDialog('dismiss')}
            >
              Dismiss
            </Button>
          )}
          {dismissed && (
            <Button
              variant="primary"
              isPending={pending === 'reopen'}
              onPress={() => postAgain('reopen')}
            >
              Reopen War Room
            </Button>
          )}
        </Flex>
        {refusal && (
          <Alert
            status="warning"
            title="The War Room was not changed"
            description={refusal}
          />
        )}
      </Flex>
    );
  }

  return (
    <Card role="region" aria-label="War Room">
      <CardHeader>
        <Flex gap="2" align="center">
          <Text as="h3" variant="title-x-small" style={{ margin: 0 }}>
            War Room
          </Text>
          {warRoom && <WarRoomStatusBadge status={warRoom.status} />}
        </Flex>
      </CardHeader>
      <CardBody>{body}</CardBody>
      {dialog === 'create' && (
        <CreateWarRoomDialog
          incidentId={incidentId}
          onClose={() => setDialog(undefined)}
          onCreated={show}
          onFailed={() => {
            state.reload();
            onChanged?.();
          }}
        />
      )}
      {dialog === 'invite' && (
        <InviteFollowersDialog
          incidentId={incidentId}
          onClose={() => setDialog(undefined)}
          onInvited={show}
        />
      )}
      {dialog === 'dismiss' && (
        <ConfirmDialog
          title="Dismiss the War Room?"
          consequence={DISMISS_CONSEQUENCE}
          confirmLabel="Dismiss"
          failureTitle="The War Room was not dismissed"
          describeError={warRoomErrorMessage}
          onConfirm={async () => show(await api.dismissWarRoom(incidentId))}
          onClose={() => setDialog(undefined)}
        />
      )}
    </Card>
  );
};
