import { ReactNode } from 'react';
import { Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';

/** Props of {@link ChartSection}. */
export interface ChartSectionProps {
  title: string;
  /** One sentence on what the figure counts. */
  description: string;
  /**
   * The chart, hidden from screen readers (the table says the same): give
   * recharts charts `accessibilityLayer={false}`, so nothing in it takes focus.
   */
  chart: ReactNode;
  /** The same figures as a table. */
  table: ReactNode;
}

/**
 * A chart with its table beneath: the chart is for the eye, the table for
 * screen readers and for exact numbers.
 */
export const ChartSection = (props: ChartSectionProps) => (
  <Card>
    <CardHeader>
      <Flex direction="column" gap="1">
        <Text as="h3" variant="title-x-small">
          {props.title}
        </Text>
        <Text variant="body-small" color="secondary">
          {props.description}
        </Text>
      </Flex>
    </CardHeader>
    <CardBody>
      <Flex direction="column" gap="4">
        <div aria-hidden style={{ width: '100%', height: 260 }}>
          {props.chart}
        </div>
        {props.table}
      </Flex>
    </CardBody>
  </Card>
);
