import { ReactNode } from 'react';
import { Box, Flex, Text } from '@backstage/ui';

/** Props of {@link Fact}. */
export interface FactProps {
  label: string;
  children: ReactNode;
  /** A control beside the value, e.g. a button that changes it. */
  action?: ReactNode;
}

/**
 * One labelled value of a summary, as a term and its definition: use it
 * inside a `<dl>`.
 */
export const Fact = (props: FactProps) => (
  <Flex gap="2" align="baseline">
    <Box as="dt" style={{ minWidth: 120 }}>
      <Text variant="body-small" color="secondary">
        {props.label}
      </Text>
    </Box>
    <Box as="dd" m="0">
      <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
        <Text variant="body-medium">{props.children}</Text>
        {props.action}
      </Flex>
    </Box>
  </Flex>
);
