import { CopyTextButton } from '@backstage/core-components';
import { Box, Flex, Text } from '@backstage/ui';

/**
 * One labelled value to paste into the WeCom admin console (a term and its
 * definition, for use inside a `<dl>`), with a copy button and, optionally,
 * where it goes.
 */
export const CopyableValue = (props: {
  label: string;
  value: string;
  where?: string;
}) => (
  <Box mb="3">
    <dt>
      <Text variant="body-medium" weight="bold">
        {props.label}
      </Text>
    </dt>
    <Box as="dd" m="0">
      <Flex gap="2" align="center">
        <Text
          variant="body-medium"
          style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
        >
          {props.value}
        </Text>
        <CopyTextButton
          text={props.value}
          aria-label={`Copy ${props.label}`}
          variant="tertiary"
        />
      </Flex>
      {props.where && (
        <Text variant="body-small" color="secondary">
          {props.where}
        </Text>
      )}
    </Box>
  </Box>
);
