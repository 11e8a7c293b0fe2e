import { Alert, Button, Flex } from '@backstage/ui';
import { errorMessage } from '../errorMessage';

/** Props of {@link LoadFailure}. */
export interface LoadFailureProps {
  /** What failed to load, e.g. "War Room": the title says "Could not load the War Room". */
  what: string;
  error: unknown;
  /** Loads again. */
  onRetry: () => void;
}

/** A load that failed with nothing to show instead: why, and Try again. */
export const LoadFailure = (props: LoadFailureProps) => (
  <Flex direction="column" gap="2" align="start">
    <Alert
      status="danger"
      title={`Could not load the ${props.what}`}
      description={errorMessage(props.error)}
    />
    <Button variant="secondary" onPress={props.onRetry}>
      Try again
    </Button>
  </Flex>
);
