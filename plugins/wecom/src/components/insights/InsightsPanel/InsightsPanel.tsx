import { useState } from 'react';
import { Progress } from '@backstage/core-components';
import { Alert, Box, Flex, Grid, Text } from '@backstage/ui';
import type { WeComAnalytics } from 'backstage-plugin-wecom-common';
import { Fact } from '../../shared/Fact';
import { LoadFailure } from '../../shared/LoadFailure';
import { useAnalytics, type InsightsSelection } from '../hooks/useAnalytics';
import { IncidentsPerDayChart } from '../IncidentsPerDayChart';
import { InsightsControls } from '../InsightsControls';
import { durationLabel, groupLabel } from '../insightsLabels';
import { PagesPerPersonChart } from '../PagesPerPersonChart';
import { PagingHeatmap } from '../PagingHeatmap';
import { ResponseTimesChart } from '../ResponseTimesChart';

/** The headline figures of what is selected. */
const Headline = ({ analytics }: { analytics: WeComAnalytics }) => {
  const { summary } = analytics;
  return (
    <Box as="dl" m="0">
      <Flex direction="column" gap="1">
        <Fact label="Incidents">{summary.incidentCount}</Fact>
        <Fact label="MTTA">
          median {durationLabel(summary.mtta.medianSeconds)}, p90{' '}
          {durationLabel(summary.mtta.p90Seconds)}
        </Fact>
        <Fact label="MTTR">
          median {durationLabel(summary.mttr.medianSeconds)}, p90{' '}
          {durationLabel(summary.mttr.p90Seconds)}
        </Fact>
        <Fact label="Pages">{summary.pageCount}</Fact>
      </Flex>
    </Box>
  );
};

const Figures = (props: {
  analytics: WeComAnalytics;
  selection: InsightsSelection;
}) => {
  const { analytics, selection } = props;
  const { summary } = analytics;
  if (summary.incidentCount === 0 && summary.pageCount === 0) {
    const scope = analytics.key
      ? groupLabel(analytics.key, analytics.groupBy)
      : `any ${analytics.groupBy}`;
    return (
      <Alert
        status="info"
        title={`No incidents or pages for ${scope} in the last ${selection.days} days`}
        description="Pick a longer window or another team or service."
      />
    );
  }
  return (
    <Flex direction="column" gap="4">
      {analytics.truncated && (
        <Alert
          status="warning"
          title="Only the newest incidents and pages are counted"
          description="The window holds more than one answer reads; pick a shorter window or one team or service."
        />
      )}
      <Headline analytics={analytics} />
      <IncidentsPerDayChart days={summary.incidentsPerDay} />
      <Grid.Root columns={{ initial: '1', lg: '2' }} gap="4">
        <ResponseTimesChart
          metric="mtta"
          groupBy={analytics.groupBy}
          groups={analytics.groups}
        />
        <ResponseTimesChart
          metric="mttr"
          groupBy={analytics.groupBy}
          groups={analytics.groups}
        />
      </Grid.Root>
      <PagesPerPersonChart people={summary.pagesPerPerson} />
      <PagingHeatmap
        hours={summary.pagingHours}
        timeZone={analytics.timeZone}
      />
    </Flex>
  );
};

/**
 * The Insights tab: per team or service, incidents over time, how fast
 * they are acknowledged and resolved, and who is paged when.
 */
export const InsightsPanel = () => {
  const [selection, setSelection] = useState<InsightsSelection>({
    groupBy: 'team',
    days: 30,
  });
  const analytics = useAnalytics(selection);
  return (
    <Flex direction="column" gap="4">
      <Text as="p" variant="body-medium" color="secondary">
        Incidents opened in the window and the cards sent in it, per team (the
        owner of the incident's service) or service. Days and hours are in your
        time zone.
      </Text>
      <InsightsControls value={selection} onChange={setSelection} />
      {analytics.loading && !analytics.value && (
        <Progress aria-label="Loading the insights" />
      )}
      {analytics.error && (
        <LoadFailure
          what="insights"
          error={analytics.error}
          onRetry={analytics.retry}
        />
      )}
      {analytics.value && !analytics.error && (
        <Figures analytics={analytics.value} selection={selection} />
      )}
    </Flex>
  );
};
