import { Box, Text } from '@backstage/ui';
import { TEMPLATE_VARIABLES } from '../templateVariables';

/** The variables and helpers a template can use, each with what it holds. */
export const TemplateVariables = () => (
  <Box>
    <Text as="h4" variant="body-medium" weight="bold" style={{ margin: 0 }}>
      Variables
    </Text>
    <Box as="ul" m="0" pl="4" aria-label="Template variables">
      {TEMPLATE_VARIABLES.map(variable => (
        <li key={variable.name}>
          <Text variant="body-small">
            <code>{variable.name}</code>
          </Text>
          <Text variant="body-small" color="secondary">
            {' '}
            — {variable.description}
          </Text>
        </li>
      ))}
    </Box>
  </Box>
);
