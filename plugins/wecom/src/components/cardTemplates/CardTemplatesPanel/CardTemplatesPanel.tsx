import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { Alert, Flex, Select, Skeleton, Text } from '@backstage/ui';
import type {
  WeComCardTemplate,
  WeComIntegrationView,
} from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { useCardTemplates } from '../hooks/useCardTemplates';
import { CardTemplateEditor } from '../CardTemplateEditor';
import { errorMessage } from '../../shared/errorMessage';
import { IntegrationPicker } from '../../integrations/IntegrationPicker';

/** Props of {@link CardTemplatesPanel}. */
export interface CardTemplatesPanelProps {
  integrations: WeComIntegrationView[];
}

/** How many recent incidents the preview offers. */
const PREVIEW_INCIDENTS = 20;

/** What a template without a saved one starts from. */
const STARTER = { title: '{{title}}', body: '{{description}}' };

const DEFAULT_KEY = 'default';
const NEW_KEY = 'new';
const serviceKey = (entityRef: string) => `service:${entityRef}`;

function keyOf(template: WeComCardTemplate): string {
  return template.entityRef ? serviceKey(template.entityRef) : DEFAULT_KEY;
}

/** The templates of one integration: pick one (or a new service), edit it. */
const IntegrationTemplates = (props: { integrationId: string }) => {
  const { integrationId } = props;
  const api = useApi(wecomApiRef);
  const templates = useCardTemplates(integrationId);
  const incidents = useAsync(
    () => api.listIncidents({ limit: PREVIEW_INCIDENTS }),
    [api],
  );
  const [selected, setSelected] = useState(DEFAULT_KEY);
  // Bumped after a delete so the editor starts afresh on the same key.
  const [version, setVersion] = useState(0);
  // A new service template becomes a saved one: its editor says so.
  const [announceSaved, setAnnounceSaved] = useState<string>();

  if (templates.loading || incidents.loading) {
    return <Skeleton width="100%" height={240} />;
  }
  if (!templates.templates) {
    return (
      <Alert
        status="danger"
        title="Could not load the card templates"
        description={errorMessage(templates.error)}
      />
    );
  }

  const items = templates.templates ?? [];
  const integrationDefault = items.find(item => !item.entityRef);
  const services = items.filter(item => item.entityRef);
  const stored = items.find(item => keyOf(item) === selected);
  const selectedService = services.find(item => keyOf(item) === selected);

  const scope = (() => {
    if (selected === NEW_KEY) return { kind: 'new' as const };
    if (selectedService?.entityRef) {
      return { kind: 'service' as const, entityRef: selectedService.entityRef };
    }
    return { kind: 'default' as const };
  })();

  return (
    <Flex direction="column" gap="4">
      <Select
        label="Template"
        description="The integration's default applies to every incident; a service template to the incidents of that service."
        options={[
          {
            id: DEFAULT_KEY,
            label: 'Integration default',
            description: integrationDefault ? 'saved' : 'not saved yet',
          },
          ...services.map(item => ({
            id: keyOf(item),
            label: item.entityRef!,
            description: 'service template',
          })),
          { id: NEW_KEY, label: 'New service template…' },
        ]}
        value={stored || selected === NEW_KEY ? selected : DEFAULT_KEY}
        onChange={key => {
          setSelected(String(key));
          setAnnounceSaved(undefined);
        }}
        style={{ maxWidth: 420 }}
      />
      {templates.error && (
        <Alert
          status="warning"
          title="Could not reload the card templates"
          description={errorMessage(templates.error)}
        />
      )}
      {incidents.error && (
        <Alert
          status="warning"
          title="Could not load incidents to preview against"
          description={errorMessage(incidents.error)}
        />
      )}
      <CardTemplateEditor
        key={`${selected}#${version}`}
        integrationId={integrationId}
        scope={scope}
        stored={stored}
        // A new service template starts from the integration's default.
        starter={integrationDefault ?? STARTER}
        incidents={incidents.value?.items ?? []}
        announceSaved={announceSaved === selected}
        onSaved={async template => {
          await templates.reload();
          setSelected(keyOf(template));
          setAnnounceSaved(keyOf(template));
        }}
        onDeleted={async () => {
          await templates.reload();
          setSelected(DEFAULT_KEY);
          setAnnounceSaved(undefined);
          setVersion(v => v + 1);
        }}
      />
    </Flex>
  );
};

/**
 * The Card Templates tab: per integration, the default template of its
 * incident cards and those of single services, with a live preview.
 */
export const CardTemplatesPanel = (props: CardTemplatesPanelProps) => (
  <IntegrationPicker
    integrations={props.integrations}
    emptyMessage="No WeCom integration yet. Add an integration first, then shape its incident cards here."
    intro={
      <Text as="p" variant="body-medium" style={{ margin: 0 }}>
        Templates use Handlebars. The card always adds the severity, status,
        service and time rows and the buttons; the template sets the title and
        the text lines.
      </Text>
    }
  >
    {integrationId => <IntegrationTemplates integrationId={integrationId} />}
  </IntegrationPicker>
);
