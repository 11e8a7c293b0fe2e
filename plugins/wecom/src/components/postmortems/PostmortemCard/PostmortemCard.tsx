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
  Text,
} from '@backstage/ui';
import type {
  WeComIncident,
  WeComPostmortem,
} from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { ConfirmDialog } from '../../shared/ConfirmDialog';
import { LoadFailure } from '../../shared/LoadFailure';
import {
  OPEN_INCIDENT_NOTE,
  POSTMORTEM_EXPLANATION,
  postmortemErrorMessage,
} from './postmortemLabels';
import { PostmortemView } from './PostmortemView';
import { usePostmortem } from './usePostmortem';

/** Props of {@link PostmortemCard}. */
export interface PostmortemCardProps {
  incident: WeComIncident;
  /** Loads the post-mortem and War Room again when it changes. */
  refreshKey?: unknown;
  /** After any change, e.g. to load the incident's timeline again. */
  onChanged?: () => void;
}

/** What the last action did or why it did not, under the card's body. */
type Outcome =
  | { status: 'success'; title: string }
  | { status: 'warning'; title: string; description: string };

const Note = (props: { children: string }) => (
  <Text as="p" variant="body-medium" style={{ margin: 0 }}>
    {props.children}
  </Text>
);

/**
 * The incident's post-mortem on the incident page: once the incident is
 * closed, Generate (with the configured analyzer), then the rendered text
 * with Edit, Download .md and Post to War Room.
 */
export const PostmortemCard = (props: PostmortemCardProps) => {
  const { incident, refreshKey, onChanged } = props;
  const api = useApi(wecomApiRef);
  const state = usePostmortem(incident.id, refreshKey);
  const [confirmRegenerate, setConfirmRegenerate] = useState(false);
  const [generating, setGenerating] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const { postmortem } = state;

  const show = (changed: WeComPostmortem, done: string) => {
    state.set(changed);
    setOutcome({ status: 'success', title: done });
    onChanged?.();
  };

  const refused = (title: string, error: unknown) =>
    setOutcome({
      status: 'warning',
      title,
      description: postmortemErrorMessage(error),
    });

  const generate = async () => {
    setConfirmRegenerate(false);
    setGenerating(true);
    setOutcome(undefined);
    try {
      show(await api.generatePostmortem(incident.id), 'Post-mortem generated');
    } catch (e) {
      refused('The post-mortem was not generated', e);
    } finally {
      setGenerating(false);
    }
  };

  let body;
  if (state.loading) {
    body = <Progress aria-label="Loading the post-mortem" />;
  } else if (postmortem) {
    body = (
      <PostmortemView
        incident={incident}
        postmortem={postmortem}
        loadError={state.error}
        refreshKey={refreshKey}
        generating={generating}
        onGenerateAgain={() => setConfirmRegenerate(true)}
        onChanged={show}
        onRefused={refused}
      />
    );
  } else if (state.error) {
    body = (
      <LoadFailure
        what="post-mortem"
        error={state.error}
        onRetry={state.reload}
      />
    );
  } else {
    body = (
      <Flex direction="column" gap="3" align="start">
        <Note>{POSTMORTEM_EXPLANATION}</Note>
        {incident.status === 'closed' ? (
          <Button variant="primary" isPending={generating} onPress={generate}>
            Generate post-mortem
          </Button>
        ) : (
          <Note>{OPEN_INCIDENT_NOTE}</Note>
        )}
      </Flex>
    );
  }

  return (
    <Card role="region" aria-label="Post-mortem">
      <CardHeader>
        <Text as="h3" variant="title-x-small" style={{ margin: 0 }}>
          Post-mortem
        </Text>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="3">
          {body}
          {generating && (
            <Text variant="body-small" color="secondary" role="status">
              Writing the post-mortem… with a model this can take a minute.
            </Text>
          )}
          {outcome && (
            <Alert
              status={outcome.status}
              title={outcome.title}
              description={
                outcome.status === 'warning' ? outcome.description : undefined
              }
            />
          )}
        </Flex>
      </CardBody>
      {confirmRegenerate && (
        <ConfirmDialog
          title="Generate the post-mortem again?"
          consequence="The analyzer writes it anew from the incident as it is now; the current text, with any edits, is replaced."
          confirmLabel="Generate again"
          failureTitle="The post-mortem was not generated"
          describeError={postmortemErrorMessage}
          onConfirm={generate}
          onClose={() => setConfirmRegenerate(false)}
        />
      )}
    </Card>
  );
};
