import { ReactNode, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Button, Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import { wecomIncidentCreatePermission } from 'backstage-plugin-wecom-common';
import { useIncidentPaths } from '../../incidents/hooks/useIncidentPaths';
import { NewIncidentDialog } from '../../incidents/NewIncidentDialog';
import { useAllowed } from '../../shared/hooks/useAllowed';
import { LoadFailure } from '../../shared/LoadFailure';
import { OnCallPeople } from './OnCallPeople';
import { OpenIncidents } from './OpenIncidents';
import { useOnCall, useOpenIncidents } from './useEntityOnCall';

const Section = (props: { title: string; children: ReactNode }) => (
  <section aria-label={props.title}>
    <Flex direction="column" gap="2">
      <Text as="h4" variant="title-x-small" style={{ margin: 0 }}>
        {props.title}
      </Text>
      {props.children}
    </Flex>
  </section>
);

const OnCallSection = (props: { entityRef: string }) => {
  const onCall = useOnCall(props.entityRef);
  if (onCall.loading && !onCall.value) {
    return <Progress aria-label="Loading who is on call" />;
  }
  if (onCall.error) {
    return (
      <LoadFailure
        what="on-call answer"
        error={onCall.error}
        onRetry={onCall.retry}
      />
    );
  }
  return (
    <Flex direction="column" gap="3">
      <OnCallPeople
        title="On call now"
        entries={onCall.value?.now ?? []}
        emptyText="Nobody: no schedule, policy or owner names anyone."
      />
      {onCall.value?.next && (
        <OnCallPeople
          title="Next"
          entries={onCall.value.next}
          emptyText="Nobody is scheduled next."
        />
      )}
    </Flex>
  );
};

const IncidentsSection = (props: { entityRef: string }) => {
  const open = useOpenIncidents(props.entityRef);
  if (open.loading && !open.value) {
    return <Progress aria-label="Loading the open incidents" />;
  }
  if (open.error || !open.value) {
    return (
      <LoadFailure
        what="open incidents"
        error={open.error}
        onRetry={open.retry}
      />
    );
  }
  return (
    <OpenIncidents
      incidents={open.value.page.items}
      totalCount={open.value.page.totalCount}
      warRooms={open.value.warRooms}
    />
  );
};

/**
 * "WeCom on-call & incidents" for a component's or a group's page: the
 * open incidents of the entity (with their War Rooms), who is on call now
 * and next with a link to message them on WeCom, and "Create incident" for
 * those allowed to.
 */
export const EntityOnCallCard = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const canCreate = useAllowed(wecomIncidentCreatePermission);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const paths = useIncidentPaths();

  return (
    <Card role="region" aria-label="WeCom on-call & incidents">
      <CardHeader>
        <Flex justify="between" align="center">
          <Text as="h3" variant="title-x-small" style={{ margin: 0 }}>
            WeCom on-call & incidents
          </Text>
          {canCreate && (
            <Button
              size="small"
              variant="secondary"
              onPress={() => setCreating(true)}
            >
              Create incident
            </Button>
          )}
        </Flex>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="4">
          <Section title="Open incidents">
            <IncidentsSection entityRef={entityRef} />
          </Section>
          <Section title="On call">
            <OnCallSection entityRef={entityRef} />
          </Section>
        </Flex>
      </CardBody>
      {creating && (
        <NewIncidentDialog
          initialEntityRef={entityRef}
          onClose={() => setCreating(false)}
          onCreated={incident => navigate(paths.incident(incident.id))}
        />
      )}
    </Card>
  );
};
