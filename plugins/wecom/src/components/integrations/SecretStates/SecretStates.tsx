import { Box, Text } from '@backstage/ui';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import { secretStateLabel, secretStates } from '../integrationLabels';

/**
 * Whether each secret of an integration is set. Values never reach the
 * browser, so there is nothing else to show.
 */
export const SecretStates = (props: { integration: WeComIntegrationView }) => (
  <Box
    as="ul"
    m="0"
    p="0"
    style={{ listStyle: 'none' }}
    aria-label={`Secrets of ${props.integration.name}`}
  >
    {secretStates(props.integration).map(({ label, state }) => (
      <li key={label}>
        <Text variant="body-small" color="secondary">
          {label}:{' '}
        </Text>
        <Text
          variant="body-small"
          weight="bold"
          color={state === 'set' ? 'success' : 'warning'}
        >
          {secretStateLabel(state)}
        </Text>
      </li>
    ))}
  </Box>
);
