import { ReactNode, useState } from 'react';
import { Flex, Select, Text } from '@backstage/ui';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';

/**
 * A tab that works on one integration at a time: says what to do when there
 * is none, offers a picker when there are several (the first by default),
 * and renders the tab's content for the picked one. The content is keyed by
 * the integration, so its state starts afresh when another is picked.
 */
export const IntegrationPicker = (props: {
  integrations: WeComIntegrationView[];
  /** Shown when there is no integration yet. */
  emptyMessage: string;
  /** A line above the picker, if the tab has one. */
  intro?: ReactNode;
  children: (integrationId: string) => ReactNode;
}) => {
  const { integrations } = props;
  const [selectedId, setSelectedId] = useState<string>();

  if (integrations.length === 0) {
    return (
      <Text as="p" variant="body-medium">
        {props.emptyMessage}
      </Text>
    );
  }

  const selected =
    integrations.find(item => item.id === selectedId) ?? integrations[0];
  return (
    <Flex direction="column" gap="4">
      {props.intro}
      {integrations.length > 1 && (
        <Select
          label="Integration"
          options={integrations.map(item => ({
            id: item.id,
            label: item.name,
            description: item.corpId,
          }))}
          value={selected.id}
          onChange={key => setSelectedId(String(key))}
          style={{ maxWidth: 360 }}
        />
      )}
      <Flex key={selected.id} direction="column" gap="4">
        {props.children(selected.id)}
      </Flex>
    </Flex>
  );
};
