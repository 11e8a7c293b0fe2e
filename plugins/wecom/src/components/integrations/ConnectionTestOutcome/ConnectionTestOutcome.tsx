import { Alert, Text } from '@backstage/ui';
import type { ConnectionTestState } from '../hooks/useConnectionTests';
import { errorMessage } from '../../shared/errorMessage';
import { HealthReport } from '../HealthReport';

/**
 * Where the latest "Test connection" of an integration stands: not run yet,
 * running, could not run, or its health report.
 */
export const ConnectionTestOutcome = (props: {
  test?: ConnectionTestState;
  /** Shown before the first test, e.g. where the button is. */
  notTestedText: string;
}) => {
  const { test } = props;
  if (!test) {
    return (
      <Text variant="body-medium" color="secondary">
        {props.notTestedText}
      </Text>
    );
  }
  if (test.status === 'running') {
    return <Alert status="info" isPending title="Testing the connection…" />;
  }
  if (test.status === 'error') {
    return (
      <Alert
        status="danger"
        title="The connection test could not run"
        description={errorMessage(test.error)}
      />
    );
  }
  return <HealthReport report={test.report} />;
};
