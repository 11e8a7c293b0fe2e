import { ReactNode } from 'react';
import { Content, Header, Page, Progress } from '@backstage/core-components';
import { Alert, Box, Tab, TabList, TabPanel, Tabs } from '@backstage/ui';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import {
  IntegrationsState,
  useIntegrations,
} from '../../integrations/hooks/useIntegrations';
import { useTabParam } from '../hooks/useTabParam';
import { errorMessage } from '../../shared/errorMessage';
import { CardTemplatesPanel } from '../../cardTemplates/CardTemplatesPanel';
import { IntegrationsPanel } from '../../integrations/IntegrationsPanel';
import { LinkedUsersPanel } from '../../linkedUsers/LinkedUsersPanel';
import { MyNotifications } from '../../incidents/MyNotifications';
import { InsightsPanel } from '../../insights/InsightsPanel';
import { SchedulesPanel } from '../../onCall/SchedulesPanel';
import { EscalationPoliciesPanel } from '../../onCall/EscalationPoliciesPanel';

const TABS = [
  'integrations',
  'linked-users',
  'templates',
  'schedules',
  'escalation-policies',
  'insights',
] as const;

/** Every tab needs the integrations: one place for loading and errors. */
const WithIntegrations = (props: {
  state: IntegrationsState;
  children: (integrations: WeComIntegrationView[]) => ReactNode;
}) => {
  const { state, children } = props;
  if (state.loading) {
    return <Progress aria-label="Loading the WeCom integrations" />;
  }
  if (state.error) {
    return (
      <Alert
        status="danger"
        title="Could not load the WeCom integrations"
        description={errorMessage(state.error)}
      />
    );
  }
  return <>{children(state.value ?? [])}</>;
};

/**
 * The WeCom page, shared by both frontend systems: the signed-in user's own
 * notification switch, then the admin tabs (Integrations, Linked Users,
 * Card Templates), the on-call tabs (Schedules, Escalation policies) and
 * Insights, the selected one in `?tab=`.
 */
export const WeComPage = () => {
  const integrations = useIntegrations();
  const [tab, setTab] = useTabParam(TABS);
  return (
    <Page themeId="tool">
      <Header
        title="WeCom"
        subtitle="Incident alerts, War Rooms and the AI SRE bot in WeCom (企业微信)"
      />
      <Content>
        <Box mb="4" style={{ maxWidth: 560 }}>
          <MyNotifications />
        </Box>
        <Tabs
          selectedKey={tab}
          onSelectionChange={key => setTab(key as (typeof TABS)[number])}
        >
          <TabList aria-label="WeCom sections">
            <Tab id="integrations">Integrations</Tab>
            <Tab id="linked-users">Linked Users</Tab>
            <Tab id="templates">Card Templates</Tab>
            <Tab id="schedules">Schedules</Tab>
            <Tab id="escalation-policies">Escalation policies</Tab>
            <Tab id="insights">Insights</Tab>
          </TabList>
          <TabPanel id="integrations">
            <Box pt="4">
              <WithIntegrations state={integrations}>
                {items => (
                  <IntegrationsPanel
                    integrations={items}
                    onChange={integrations.reload}
                  />
                )}
              </WithIntegrations>
            </Box>
          </TabPanel>
          <TabPanel id="linked-users">
            <Box pt="4">
              <WithIntegrations state={integrations}>
                {items => <LinkedUsersPanel integrations={items} />}
              </WithIntegrations>
            </Box>
          </TabPanel>
          <TabPanel id="templates">
            <Box pt="4">
              <WithIntegrations state={integrations}>
                {items => <CardTemplatesPanel integrations={items} />}
              </WithIntegrations>
            </Box>
          </TabPanel>
          {/* On-call needs no integration: schedules and policies are the catalog's. */}
          <TabPanel id="schedules">
            <Box pt="4">
              <SchedulesPanel />
            </Box>
          </TabPanel>
          <TabPanel id="escalation-policies">
            <Box pt="4">
              <EscalationPoliciesPanel />
            </Box>
          </TabPanel>
          <TabPanel id="insights">
            <Box pt="4">
              <InsightsPanel />
            </Box>
          </TabPanel>
        </Tabs>
      </Content>
    </Page>
  );
};
