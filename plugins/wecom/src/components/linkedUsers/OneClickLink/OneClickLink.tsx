import { Alert, Button, Flex, Text } from '@backstage/ui';
import { useOneClickLink } from '../hooks/useOneClickLink';
import { linkChangeErrorMessage } from '../linkedUsersErrors';
import { OneClickLinkResult } from '../OneClickLinkResult';

/** Props of {@link OneClickLink}. */
export interface OneClickLinkProps {
  integrationId: string;
  /** Whether the integration lets One-Click Link match personal email. */
  matchPersonalEmail?: boolean;
  /** Called when a followed run ends, to show the new links. */
  onFinished: () => void;
}

/** What a run will compare, and what the personal email setting means. */
function matchingNote(matchPersonalEmail: boolean) {
  return matchPersonalEmail
    ? "Matches mobile, corporate email and personal email. Personal email is on in this integration's settings: keep it on only if members cannot edit their own email in your corp."
    : "Matches mobile and corporate email. Personal email is off: turn on Match by personal email in this integration's settings only if members cannot edit their own email in your corp.";
}

/**
 * The One-Click Link button, the progress of the run it started (or of one
 * already going) and, once it ends, what it did.
 */
export const OneClickLink = (props: OneClickLinkProps) => {
  const { run, starting, error, start } = useOneClickLink(
    props.integrationId,
    props.onFinished,
  );
  const running = run?.status === 'running';

  return (
    <Flex direction="column" gap="3">
      <Flex align="center" gap="3">
        <Button
          variant="primary"
          onPress={start}
          isDisabled={starting || running}
        >
          One-Click Link
        </Button>
        <Text variant="body-medium" color="secondary" role="status">
          {starting && !running && 'Starting…'}
          {running &&
            `Linking… ${run.progress.processed} / ${run.progress.total}`}
        </Text>
      </Flex>
      <Text variant="body-small" color="secondary">
        {matchingNote(props.matchPersonalEmail ?? false)}
      </Text>
      {error && (
        <Alert
          status="danger"
          title="One-Click Link could not run"
          description={linkChangeErrorMessage(error)}
        />
      )}
      {run && !running && <OneClickLinkResult run={run} />}
    </Flex>
  );
};
