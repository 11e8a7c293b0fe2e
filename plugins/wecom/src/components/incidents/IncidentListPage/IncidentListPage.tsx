import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Content, Header, Page } from '@backstage/core-components';
import { Alert, Button, Flex, SearchField } from '@backstage/ui';
import { useIncidentPaths } from '../hooks/useIncidentPaths';
import { useIncidents } from '../hooks/useIncidents';
import { errorMessage } from '../../shared/errorMessage';
import { IncidentFilters } from '../IncidentFilters';
import { IncidentsTable } from '../IncidentsTable';
import { NewIncidentDialog } from '../NewIncidentDialog';

/**
 * The incident list at `/wecom/incidents`: filters by status and severity,
 * a title search, pages of incidents, and "New incident".
 */
export const IncidentListPage = () => {
  const incidents = useIncidents();
  const paths = useIncidentPaths();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  return (
    <Page themeId="tool">
      <Header
        title="Incidents"
        subtitle="Incidents and the WeCom cards sent to their responders"
      />
      <Content>
        <Flex direction="column" gap="4">
          <Flex gap="4" align="end" justify="between">
            <SearchField
              label="Search incidents"
              placeholder="Title"
              value={incidents.search}
              onChange={incidents.setSearch}
            />
            <Button variant="primary" onPress={() => setCreating(true)}>
              New incident
            </Button>
          </Flex>
          <IncidentFilters
            value={incidents.filters}
            onChange={incidents.setFilters}
          />
          {incidents.error && (
            <Alert
              status="danger"
              title="Could not load the incidents"
              description={errorMessage(incidents.error)}
            />
          )}
          <IncidentsTable
            incidents={incidents.page?.items}
            loading={incidents.loading}
            offset={incidents.offset}
            totalCount={incidents.page?.totalCount}
            onOffsetChange={incidents.setOffset}
          />
        </Flex>
        {creating && (
          <NewIncidentDialog
            onClose={() => setCreating(false)}
            onCreated={incident => navigate(paths.incident(incident.id))}
          />
        )}
      </Content>
    </Page>
  );
};
