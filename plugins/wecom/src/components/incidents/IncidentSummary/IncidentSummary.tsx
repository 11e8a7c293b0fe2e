import { ReactNode } from 'react';
import { Box, Flex, Link, Text } from '@backstage/ui';
import type { WeComIncident } from 'backstage-plugin-wecom-common';
import { useEntityPath } from '../../shared/hooks/useEntityPath';
import { Fact } from '../../shared/Fact';
import { formatTime } from '../incidentLabels';
import { SeverityBadge, StatusBadge } from '../IncidentBadges';

/** Who moved the incident where, in one line each. */
function statusLines(incident: WeComIncident): string[] {
  const lines: string[] = [];
  if (incident.acknowledgedBy) {
    lines.push(
      `Acknowledged by ${incident.acknowledgedBy} at ${formatTime(
        incident.acknowledgedAt,
      )}`,
    );
  }
  if (incident.status === 'snoozed' && incident.snoozedUntil) {
    lines.push(`Snoozed until ${formatTime(incident.snoozedUntil)}`);
  }
  if (incident.status === 'closed' && incident.closedAt) {
    lines.push(
      incident.closedBy
        ? `Closed by ${incident.closedBy} at ${formatTime(incident.closedAt)}`
        : `Closed at ${formatTime(incident.closedAt)}`,
    );
  }
  return lines;
}

/**
 * The incident at a glance: severity, status and who acknowledged, snoozed
 * or closed it, then the entity, responders, source and key fields.
 */
export const IncidentSummary = (props: {
  incident: WeComIncident;
  /** A control beside the responders, e.g. to edit them. */
  respondersAction?: ReactNode;
}) => {
  const { incident } = props;
  const entityPath = useEntityPath();
  const fields = Object.entries(incident.fields ?? {});

  return (
    <Flex direction="column" gap="3">
      <Flex
        gap="2"
        align="center"
        role="group"
        aria-label="Severity and status"
      >
        <SeverityBadge severity={incident.severity} />
        <StatusBadge status={incident.status} />
      </Flex>
      {statusLines(incident).map(line => (
        <Text key={line} as="p" variant="body-medium" style={{ margin: 0 }}>
          {line}
        </Text>
      ))}
      {incident.description && (
        <Text
          as="p"
          variant="body-medium"
          style={{ margin: 0, whiteSpace: 'pre-wrap' }}
        >
          {incident.description}
        </Text>
      )}
      <Box as="dl" m="0">
        <Fact label="Entity">
          {incident.entityRef ? (
            <Link href={entityPath(incident.entityRef)}>
              {incident.entityRef}
            </Link>
          ) : (
            '—'
          )}
        </Fact>
        <Fact label="Responders" action={props.respondersAction}>
          {incident.responders.length
            ? incident.responders.join(', ')
            : "The entity's owners"}
        </Fact>
        <Fact label="Source">{incident.source}</Fact>
        <Fact label="Opened">{formatTime(incident.createdAt)}</Fact>
        {fields.map(([key, value]) => (
          <Fact key={key} label={key}>
            {value}
          </Fact>
        ))}
      </Box>
    </Flex>
  );
};
