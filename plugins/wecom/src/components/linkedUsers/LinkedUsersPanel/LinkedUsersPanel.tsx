import { useState } from 'react';
import { Alert, Flex, SearchField, Text } from '@backstage/ui';
import type {
  WeComIntegrationView,
  WeComLinkedUser,
} from 'backstage-plugin-wecom-common';
import { useLinkedUsers } from '../hooks/useLinkedUsers';
import { errorMessage } from '../../shared/errorMessage';
import { LinkedUsersFilter } from '../LinkedUsersFilter';
import { LinkedUsersTable } from '../LinkedUsersTable';
import { LinkUserDialog } from '../LinkUserDialog';
import { OneClickLink } from '../OneClickLink';
import { UnlinkUserDialog } from '../UnlinkUserDialog';
import { IntegrationPicker } from '../../integrations/IntegrationPicker';

/** Props of {@link LinkedUsersPanel}. */
export interface LinkedUsersPanelProps {
  integrations: WeComIntegrationView[];
}

/** The Linked Users of one integration: One-Click Link, filters, table. */
const IntegrationLinkedUsers = (props: {
  integrationId: string;
  matchPersonalEmail: boolean;
}) => {
  const { integrationId } = props;
  const users = useLinkedUsers(integrationId);
  const [linking, setLinking] = useState<WeComLinkedUser>();
  const [unlinking, setUnlinking] = useState<WeComLinkedUser>();

  return (
    <Flex direction="column" gap="4">
      <Text as="p" variant="body-medium" style={{ margin: 0 }}>
        One-Click Link looks up every unlinked catalog user in WeCom: the{' '}
        <code>work.weixin.qq.com/userid</code> annotation wins, else the profile
        email, and only then the mobile in the{' '}
        <code>work.weixin.qq.com/mobile</code> annotation (failed mobile lookups
        count against the corp&apos;s daily budget). It only adds links, and
        skips an email or mobile that several catalog users share.
      </Text>
      <OneClickLink
        integrationId={integrationId}
        matchPersonalEmail={props.matchPersonalEmail}
        onFinished={users.refresh}
      />
      <Flex gap="4" align="end" justify="between">
        <LinkedUsersFilter
          value={users.filter}
          counts={users.page?.counts}
          onChange={users.setFilter}
        />
        <SearchField
          label="Search users"
          placeholder="Name or email"
          value={users.search}
          onChange={users.setSearch}
        />
      </Flex>
      {users.error && (
        <Alert
          status="danger"
          title="Could not load the linked users"
          description={errorMessage(users.error)}
        />
      )}
      <LinkedUsersTable
        users={users.page?.items}
        loading={users.loading}
        offset={users.offset}
        totalCount={users.page?.totalCount}
        onOffsetChange={users.setOffset}
        onLink={setLinking}
        onUnlink={setUnlinking}
      />
      <LinkUserDialog
        integrationId={integrationId}
        user={linking}
        onClose={() => setLinking(undefined)}
        onLinked={users.refresh}
      />
      <UnlinkUserDialog
        integrationId={integrationId}
        user={unlinking}
        onClose={() => setUnlinking(undefined)}
        onUnlinked={users.refresh}
      />
    </Flex>
  );
};

/**
 * The Linked Users tab: which catalog users reach which WeCom member, per
 * integration (the first, unless another is picked).
 */
export const LinkedUsersPanel = (props: LinkedUsersPanelProps) => (
  <IntegrationPicker
    integrations={props.integrations}
    emptyMessage="No WeCom integration yet. Add an integration first, then link the catalog users to their WeCom members here."
  >
    {/* Keyed by the picker, so filters, pages and runs start afresh per integration. */}
    {integrationId => (
      <IntegrationLinkedUsers
        integrationId={integrationId}
        matchPersonalEmail={
          props.integrations.find(i => i.id === integrationId)?.oneClickLink
            ?.matchPersonalEmail ?? false
        }
      />
    )}
  </IntegrationPicker>
);
