import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { MarkdownContent } from '@backstage/core-components';
import { Alert, Box, Button, Flex, Text } from '@backstage/ui';
import type {
  WeComIncident,
  WeComPostmortem,
} from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { useWarRoom } from '../../warRooms/hooks/useWarRoom';
import { ConfirmDialog } from '../../shared/ConfirmDialog';
import { errorMessage } from '../../shared/errorMessage';
import { EditPostmortemDialog } from './EditPostmortemDialog';
import {
  OPEN_INCIDENT_NOTE,
  postBlockedReason,
  postmortemErrorMessage,
  postmortemHistory,
} from './postmortemLabels';
import { saveMarkdownFile } from './saveMarkdownFile';

/**
 * Images of the post-mortem only from Backstage itself. A model writes the
 * text, and whatever it read (an alert, the War Room conversation) may have
 * told it to add an image whose address carries what it read: loading it
 * would send that to another site the moment someone opens the incident.
 */
function sameOriginImage(src: string): string {
  try {
    const { origin } = window.location;
    return new URL(src, origin).origin === origin ? src : '';
  } catch {
    return '';
  }
}

/** Props of {@link PostmortemView}. */
export interface PostmortemViewProps {
  incident: WeComIncident;
  postmortem: WeComPostmortem;
  /** Why the last refresh failed; the post-mortem shown stays. */
  loadError?: Error;
  /** Loads the War Room again when it changes. */
  refreshKey?: unknown;
  /** While the card generates it again: the buttons wait. */
  generating: boolean;
  onGenerateAgain: () => void;
  /** The post-mortem as the backend answered a change, and what it did. */
  onChanged: (postmortem: WeComPostmortem, done: string) => void;
  onRefused: (title: string, error: unknown) => void;
}

/**
 * A post-mortem as it is: who wrote, edited and posted it, the rendered
 * text, and Edit, Download .md, Post to War Room (only to an active War
 * Room; otherwise it says why) and Generate again.
 */
export const PostmortemView = (props: PostmortemViewProps) => {
  const { incident, postmortem, onChanged, onRefused } = props;
  const api = useApi(wecomApiRef);
  const warRoomState = useWarRoom(incident.id, props.refreshKey);
  const [dialog, setDialog] = useState<'edit' | 'post'>();
  const [downloading, setDownloading] = useState(false);
  const { warRoom } = warRoomState;
  const closed = incident.status === 'closed';
  const busy = props.generating || downloading;
  const postBlocked = warRoomState.loading
    ? undefined
    : postBlockedReason(warRoom);

  const download = async () => {
    setDownloading(true);
    try {
      const file = await api.downloadPostmortem(incident.id);
      saveMarkdownFile(file.fileName, file.markdown);
    } catch (e) {
      onRefused('The post-mortem was not downloaded', e);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Flex direction="column" gap="4">
      {props.loadError && (
        <Alert
          status="warning"
          title="Could not refresh the post-mortem"
          description={errorMessage(props.loadError)}
        />
      )}
      <Box as="ul" m="0" aria-label="Post-mortem history">
        {postmortemHistory(postmortem).map(line => (
          <li key={line}>
            <Text variant="body-small" color="secondary">
              {line}
            </Text>
          </li>
        ))}
      </Box>
      <Box role="document" aria-label="Post-mortem text">
        <MarkdownContent
          content={postmortem.markdown}
          transformImageUri={sameOriginImage}
        />
      </Box>
      <Flex
        gap="2"
        align="center"
        role="group"
        aria-label="Post-mortem actions"
        style={{ flexWrap: 'wrap' }}
      >
        <Button
          variant="secondary"
          isDisabled={busy}
          onPress={() => setDialog('edit')}
        >
          Edit
        </Button>
        <Button
          variant="secondary"
          isPending={downloading}
          isDisabled={busy}
          onPress={download}
        >
          Download .md
        </Button>
        <Button
          variant="secondary"
          isDisabled={busy || warRoomState.loading || postBlocked !== undefined}
          onPress={() => setDialog('post')}
        >
          Post to War Room
        </Button>
        {closed && (
          <Button
            variant="secondary"
            isPending={props.generating}
            isDisabled={busy}
            onPress={props.onGenerateAgain}
          >
            Generate again
          </Button>
        )}
      </Flex>
      {warRoomState.loading && (
        <Text variant="body-small" color="secondary">
          Checking the War Room…
        </Text>
      )}
      {postBlocked && (
        <Text variant="body-small" color="secondary">
          {`Post to War Room is off: ${postBlocked}`}
        </Text>
      )}
      {!closed && (
        <Text variant="body-small" color="secondary">
          {`${OPEN_INCIDENT_NOTE} Generate it again once this one is closed.`}
        </Text>
      )}
      {dialog === 'edit' && (
        <EditPostmortemDialog
          postmortem={postmortem}
          onClose={() => setDialog(undefined)}
          onSaved={saved => {
            setDialog(undefined);
            onChanged(saved, 'Post-mortem saved');
          }}
        />
      )}
      {dialog === 'post' && warRoom && (
        <ConfirmDialog
          title="Post the post-mortem to the War Room?"
          consequence={`Everyone in the WeCom group "${warRoom.name}" sees it. A long post-mortem arrives as several numbered messages.`}
          confirmLabel="Post"
          failureTitle="The post-mortem was not posted"
          describeError={postmortemErrorMessage}
          onConfirm={async () => {
            const result = await api.postPostmortemToWarRoom(incident.id);
            setDialog(undefined);
            onChanged(
              result.postmortem,
              `Posted to the War Room in ${
                result.messages === 1
                  ? '1 message'
                  : `${result.messages} messages`
              }`,
            );
          }}
          onClose={() => setDialog(undefined)}
        />
      )}
    </Flex>
  );
};
