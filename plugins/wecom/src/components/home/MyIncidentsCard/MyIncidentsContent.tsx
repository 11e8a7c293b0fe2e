import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { Progress } from '@backstage/core-components';
import { Flex, Link, Text } from '@backstage/ui';
import type { WeComIncident } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { SeverityBadge, StatusBadge } from '../../incidents/IncidentBadges';
import { formatAge } from '../../incidents/incidentLabels';
import { useIncidentPaths } from '../../incidents/hooks/useIncidentPaths';
import { LoadFailure } from '../../shared/LoadFailure';
import { entityRefName } from '../../shared/memberRefs';

/** How many incidents the card lists; the rest are counted. */
export const MY_INCIDENTS_LIMIT = 10;

const MyIncident = (props: { incident: WeComIncident }) => {
  const { incident } = props;
  const paths = useIncidentPaths();
  return (
    <li>
      <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
        <Link href={paths.incident(incident.id)}>{incident.title}</Link>
        <SeverityBadge severity={incident.severity} />
        <StatusBadge status={incident.status} />
        <Text variant="body-small" color="secondary">
          {[
            incident.entityRef && entityRefName(incident.entityRef),
            `open for ${formatAge(incident.createdAt)}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </Flex>
    </li>
  );
};

/**
 * "My open incidents" on the home page: triggered and processing incidents
 * the signed-in user responds to (named, or sent a card), newest first.
 */
export const MyIncidentsContent = () => {
  const api = useApi(wecomApiRef);
  const paths = useIncidentPaths();
  const mine = useAsyncRetry(
    () =>
      api.listIncidents({
        responder: 'me',
        status: ['triggered', 'processing'],
        limit: MY_INCIDENTS_LIMIT,
      }),
    [api],
  );

  if (mine.loading && !mine.value) {
    return <Progress aria-label="Loading your open incidents" />;
  }
  if (mine.error || !mine.value) {
    return (
      <LoadFailure
        what="open incidents"
        error={mine.error}
        onRetry={mine.retry}
      />
    );
  }
  const { items, totalCount } = mine.value;
  if (items.length === 0) {
    return (
      <Text variant="body-small" color="secondary">
        No open incidents for you.
      </Text>
    );
  }
  const more = totalCount - items.length;
  return (
    <Flex direction="column" gap="2">
      <ul aria-label="My open incidents" style={{ margin: 0, paddingLeft: 20 }}>
        {items.map(incident => (
          <MyIncident key={incident.id} incident={incident} />
        ))}
      </ul>
      {more > 0 && (
        <Link href={paths.list} variant="body-small">
          {`${more} more in Incidents`}
        </Link>
      )}
    </Flex>
  );
};
