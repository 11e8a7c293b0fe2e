import { ReactNode } from 'react';
import { Box, Button, Flex, Text } from '@backstage/ui';

/** Props of {@link OrderedSection}. */
export interface OrderedSectionProps {
  /** Heading and accessible name, e.g. "Level 2"; the buttons name it. */
  title: string;
  /** Where the section stands, from 0; the ends cannot move further. */
  index: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  children: ReactNode;
}

const sectionStyle = {
  border: '1px solid var(--bui-border, #ccc)',
  borderRadius: 6,
  padding: 12,
};

/**
 * One item of an ordered list edited in place (a policy's level, a
 * schedule's layer): its title with Up, Down and Remove, then its fields.
 */
export const OrderedSection = (props: OrderedSectionProps) => {
  const { title, index, count } = props;
  return (
    <Box as="section" aria-label={title} style={sectionStyle}>
      <Flex direction="column" gap="2">
        <Flex justify="between" align="center">
          <Text variant="title-x-small" weight="bold">
            {title}
          </Text>
          <Flex gap="1">
            <Button
              size="small"
              variant="tertiary"
              aria-label={`Move ${title} up`}
              isDisabled={index === 0}
              onPress={() => props.onMove(-1)}
            >
              Up
            </Button>
            <Button
              size="small"
              variant="tertiary"
              aria-label={`Move ${title} down`}
              isDisabled={index === count - 1}
              onPress={() => props.onMove(1)}
            >
              Down
            </Button>
            <Button
              size="small"
              variant="tertiary"
              aria-label={`Remove ${title}`}
              onPress={props.onRemove}
            >
              Remove
            </Button>
          </Flex>
        </Flex>
        {props.children}
      </Flex>
    </Box>
  );
};
