import { Alert, Box, Flex, Text } from '@backstage/ui';
import type {
  WeComHealthCheck,
  WeComHealthReport,
} from 'backstage-plugin-wecom-common';
import { checkStatusLabel } from '../integrationLabels';

const statusColor = {
  ok: 'success',
  failed: 'danger',
  skipped: 'secondary',
  unknown: 'warning',
} as const;

/** How a check's hint is introduced: a failure's fix, an unknown's lead. */
const hintLabels: Partial<Record<WeComHealthCheck['status'], string>> = {
  failed: 'How to fix',
  unknown: 'What to check',
};

const HealthCheckItem = (props: { check: WeComHealthCheck }) => {
  const { check } = props;
  const hintLabel = hintLabels[check.status];
  return (
    <Box as="li" mb="2" aria-label={check.title}>
      <Flex gap="2" align="baseline">
        <Text
          variant="body-medium"
          weight="bold"
          color={statusColor[check.status]}
        >
          {checkStatusLabel(check.status)}
        </Text>
        <Text variant="body-medium" weight="bold">
          {check.title}
        </Text>
      </Flex>
      <Text as="p" variant="body-small" style={{ margin: 0 }}>
        {check.message}
        {check.errcode !== undefined && ` (WeCom errcode ${check.errcode})`}
      </Text>
      {hintLabel && check.hint && (
        <Text
          as="p"
          variant="body-small"
          color="secondary"
          style={{ margin: 0 }}
        >
          {hintLabel}: {check.hint}
        </Text>
      )}
    </Box>
  );
};

/**
 * The outcome of "Test connection": each step of the health check in the
 * order of the setup guide, with what to change when a step failed.
 */
export const HealthReport = (props: { report: WeComHealthReport }) => {
  const { report } = props;
  const failed = report.checks.filter(check => check.status === 'failed');
  // 'unknown': the backend could not tell from WeCom's answer; not a failure.
  const unknown = report.checks.filter(check => check.status === 'unknown');
  return (
    <Flex direction="column" gap="3">
      {report.ok && unknown.length > 0 && (
        <Alert
          status="warning"
          title={`No check failed; ${unknown.length} could not be confirmed`}
          description="See what to check below."
        />
      )}
      {report.ok && unknown.length === 0 && (
        <Alert status="success" title="All checks passed" />
      )}
      {!report.ok && (
        <Alert
          status="danger"
          title={`${failed.length} of ${report.checks.length} checks failed`}
          description="Fix the failed steps below in the WeCom admin console, then test again."
        />
      )}
      <Box
        as="ul"
        m="0"
        p="0"
        style={{ listStyle: 'none' }}
        aria-label="Health checks"
      >
        {report.checks.map(check => (
          <HealthCheckItem key={check.id} check={check} />
        ))}
      </Box>
      <Text variant="body-x-small" color="secondary">
        Checked at {new Date(report.checkedAt).toLocaleString()}
      </Text>
    </Flex>
  );
};
