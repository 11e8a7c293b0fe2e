import {
  Content,
  ContentHeader,
  Header,
  Page,
} from '@backstage/core-components';
import { IntegrationsPanel } from '../IntegrationsPanel';

/**
 * The WeCom admin page, shared by both frontend systems. Each area is one
 * section; the setup form and further areas join here.
 */
export const WeComPage = () => (
  <Page themeId="tool">
    <Header
      title="WeCom"
      subtitle="Incident alerts, War Rooms and the AI SRE bot in WeCom (企业微信)"
    />
    <Content>
      <ContentHeader title="Integrations" />
      <IntegrationsPanel />
    </Content>
  </Page>
);
