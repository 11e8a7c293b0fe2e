import { useParams } from 'react-router-dom';
import { Content, Header, Page, Progress } from '@backstage/core-components';
import { Alert, Box, Card, CardBody, Flex, Link, Text } from '@backstage/ui';
import { useIncidentDetail } from '../hooks/useIncidentDetail';
import { useIncidentPaths } from '../hooks/useIncidentPaths';
import { errorMessage } from '../../shared/errorMessage';
import { DeliveriesTable } from '../DeliveriesTable';
import { EditResponders } from '../EditResponders';
import { IncidentActions } from '../IncidentActions';
import { IncidentSummary } from '../IncidentSummary';
import { IncidentTimeline } from '../IncidentTimeline';
import { errorStatus } from '../../shared/errorMessage';
import { PostmortemCard } from '../../postmortems/PostmortemCard';
import { WarRoomCard } from '../../warRooms/WarRoomCard';
import { useWarRoomUnavailableReason } from '../../warRooms/hooks/useWarRoomUnavailableReason';

const SectionTitle = (props: { children: string }) => (
  <Text as="h2" variant="title-x-small" style={{ margin: 0 }}>
    {props.children}
  </Text>
);

/** A part of the page that could not be refreshed; the last answer stays. */
const LoadProblem = (props: { what: string; error?: Error }) =>
  props.error ? (
    <Alert
      status="warning"
      title={`Could not load the ${props.what}`}
      description={errorMessage(props.error)}
    />
  ) : null;

const IncidentDetail = (props: { incidentId: string }) => {
  const detail = useIncidentDetail(props.incidentId);
  const paths = useIncidentPaths();
  const incident = detail.incident.value;
  const noWarRoomReason = useWarRoomUnavailableReason();

  let body;
  if (detail.loading) {
    body = <Progress aria-label="Loading the incident" />;
  } else if (!incident) {
    body = (
      <Alert
        status="danger"
        title={
          errorStatus(detail.incident.error) === 404
            ? 'There is no such incident'
            : 'Could not load the incident'
        }
        description={errorMessage(detail.incident.error)}
      />
    );
  } else {
    body = (
      <Flex direction="column" gap="5">
        <LoadProblem what="incident" error={detail.incident.error} />
        <Card>
          <CardBody>
            <Flex direction="column" gap="4">
              <IncidentSummary
                incident={incident}
                respondersAction={
                  <EditResponders
                    incident={incident}
                    onChanged={changed => {
                      detail.setIncident(changed);
                      detail.reload();
                    }}
                  />
                }
              />
              <IncidentActions
                incident={incident}
                onChanged={changed => {
                  detail.setIncident(changed);
                  detail.reload();
                }}
                onRefused={detail.reload}
              />
            </Flex>
          </CardBody>
        </Card>
        <WarRoomCard
          incidentId={incident.id}
          // Every War Room change adds a timeline entry, so a longer
          // timeline means the War Room may have changed too.
          refreshKey={detail.timeline.value?.length}
          onChanged={detail.reload}
          unavailableReason={noWarRoomReason}
        />
        <PostmortemCard
          incident={incident}
          refreshKey={detail.timeline.value?.length}
          onChanged={detail.reload}
        />
        <Flex direction="column" gap="2">
          <SectionTitle>Deliveries</SectionTitle>
          <LoadProblem what="deliveries" error={detail.deliveries.error} />
          {detail.deliveries.value && (
            <DeliveriesTable deliveries={detail.deliveries.value} />
          )}
        </Flex>
        <Flex direction="column" gap="2">
          <SectionTitle>Timeline</SectionTitle>
          <LoadProblem what="timeline" error={detail.timeline.error} />
          {detail.timeline.value && (
            <Box>
              <IncidentTimeline entries={detail.timeline.value} />
            </Box>
          )}
        </Flex>
      </Flex>
    );
  }

  return (
    <Page themeId="tool">
      <Header title={incident?.title ?? 'Incident'} type="Incident" />
      <Content>
        <Flex direction="column" gap="4">
          {/* Not the header's typeLink: its Material UI breadcrumb is legacy. */}
          <Link href={paths.list} variant="body-small">
            ← All incidents
          </Link>
          {body}
        </Flex>
      </Content>
    </Page>
  );
};

/**
 * One incident at `/wecom/incidents/:incidentId`, where the WeCom card's
 * click-through leads: its status, actions and responders, its War Room,
 * who got a card and how that went, and its timeline, kept current while
 * open.
 */
export const IncidentDetailPage = () => {
  const { incidentId = '' } = useParams();
  // Keyed: another incident starts with a clean page and its own polling.
  return <IncidentDetail key={incidentId} incidentId={incidentId} />;
};
