import { Flex, Link, Text } from '@backstage/ui';
import type {
  WeComIncident,
  WeComWarRoom,
} from 'backstage-plugin-wecom-common';
import { SeverityBadge, StatusBadge } from '../../incidents/IncidentBadges';
import { formatAge } from '../../incidents/incidentLabels';
import { useIncidentPaths } from '../../incidents/hooks/useIncidentPaths';
import { entityRefName } from '../../shared/memberRefs';

function respondersLabel(incident: WeComIncident): string {
  if (incident.responders.length === 0) return 'Responders: whoever is on call';
  return `Responders: ${incident.responders.map(entityRefName).join(', ')}`;
}

/** One open incident: title, severity, status, age, responders, War Room. */
const OpenIncident = (props: {
  incident: WeComIncident;
  warRoom?: WeComWarRoom;
}) => {
  const { incident, warRoom } = props;
  const paths = useIncidentPaths();
  return (
    <li>
      <Flex direction="column" gap="1">
        <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
          <Link href={paths.incident(incident.id)}>{incident.title}</Link>
          <SeverityBadge severity={incident.severity} />
          <StatusBadge status={incident.status} />
          <Text variant="body-small" color="secondary">
            {`open for ${formatAge(incident.createdAt)}`}
          </Text>
        </Flex>
        <Text variant="body-small" color="secondary">
          {respondersLabel(incident)}
        </Text>
        {warRoom && (
          <Text variant="body-small">
            War Room open:{' '}
            <Link href={paths.incident(incident.id)} variant="body-small">
              {warRoom.name}
            </Link>
          </Text>
        )}
      </Flex>
    </li>
  );
};

/** The entity's open incidents, each with its War Room if one is open. */
export const OpenIncidents = (props: {
  incidents: WeComIncident[];
  totalCount: number;
  warRooms: WeComWarRoom[];
}) => {
  const paths = useIncidentPaths();
  if (props.incidents.length === 0) {
    return (
      <Text variant="body-small" color="secondary">
        No open incidents.
      </Text>
    );
  }
  const warRoomOf = (id: string) =>
    props.warRooms.find(room => room.incidentId === id);
  const more = props.totalCount - props.incidents.length;
  return (
    <Flex direction="column" gap="2">
      <ul aria-label="Open incidents" style={{ margin: 0, paddingLeft: 20 }}>
        {props.incidents.map(incident => (
          <OpenIncident
            key={incident.id}
            incident={incident}
            warRoom={warRoomOf(incident.id)}
          />
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
