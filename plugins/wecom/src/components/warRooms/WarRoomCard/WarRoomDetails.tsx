import { Box, Flex, Link, Text } from '@backstage/ui';
import type { WeComWarRoom } from 'backstage-plugin-wecom-common';
import { useEntityPath } from '../../shared/hooks/useEntityPath';
import { useIncidentPaths } from '../../incidents/hooks/useIncidentPaths';
import { CopyableValue } from '../../shared/CopyableValue';
import { Fact } from '../../shared/Fact';
import { formatTime } from '../../incidents/incidentLabels';
import { WarRoomMembersTable } from './WarRoomMembersTable';

/** "by user:default/zhangsan at 26/11/2026, 09:10:00". */
const byAt = (by: string | undefined, at: string) =>
  by ? `by ${by} at ${formatTime(at)}` : formatTime(at);

/** Responders and invitees without a WeCom link, so not in the group. */
const NotLinked = (props: { refs: string[] }) => {
  const entityPath = useEntityPath();
  const { linkedUsers } = useIncidentPaths();
  return (
    <Flex direction="column" gap="1">
      <Text as="h4" variant="body-medium" weight="bold" style={{ margin: 0 }}>
        Not linked
      </Text>
      <Text as="p" variant="body-small" color="secondary" style={{ margin: 0 }}>
        They have no linked WeCom member, so they are not in the group. Link
        them in Settings → WeCom → Linked Users, then invite them.
      </Text>
      <Box as="ul" m="0" aria-label="Not linked">
        {props.refs.map(ref => (
          <li key={ref}>
            <Link href={entityPath(ref)} variant="body-medium">
              {ref}
            </Link>
          </li>
        ))}
      </Box>
      <Link href={linkedUsers} variant="body-small">
        Open Linked Users
      </Link>
    </Flex>
  );
};

/**
 * What a War Room is now: its group's name and chat id, owner, members,
 * who is missing for lack of a WeCom link, and who opened and dismissed it.
 */
export const WarRoomDetails = (props: { warRoom: WeComWarRoom }) => {
  const { warRoom } = props;
  return (
    <Flex direction="column" gap="4">
      <Text as="p" variant="title-small" style={{ margin: 0 }}>
        {warRoom.name}
      </Text>
      <Box as="dl" m="0">
        <Fact label="Owner">
          {warRoom.owner
            ? `${warRoom.owner.entityRef} (${warRoom.owner.wecomUserId})`
            : '—'}
        </Fact>
        <Fact label="Created">
          {byAt(warRoom.createdBy, warRoom.createdAt)}
        </Fact>
        {warRoom.dismissedAt && (
          <Fact label="Dismissed">
            {byAt(warRoom.dismissedBy, warRoom.dismissedAt)}
          </Fact>
        )}
        <Fact label="Integration">{warRoom.integrationId}</Fact>
      </Box>
      <Box as="dl" m="0">
        <CopyableValue
          label="WeCom chat id"
          value={warRoom.chatId}
          where="The group's chatid, for WeCom's appchat API and support requests."
        />
      </Box>
      <WarRoomMembersTable members={warRoom.members} />
      {warRoom.unlinked.length > 0 && <NotLinked refs={warRoom.unlinked} />}
    </Flex>
  );
};
