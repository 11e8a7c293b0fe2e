import { Flex, Link, Text } from '@backstage/ui';
import type { WeComOnCallEntry } from 'backstage-plugin-wecom-common';
import { useEntityPath } from '../../shared/hooks/useEntityPath';
import { entityRefName } from '../../shared/memberRefs';
import { reachLabel, untilLabel, viaLabel } from '../entityCardLabels';
import { MessageOnWeComLink } from '../MessageOnWeCom';

/**
 * One person on call: name, why, until when, the WeCom link, and why they
 * get no card when they do not.
 */
const OnCallPerson = (props: { entry: WeComOnCallEntry }) => {
  const { entry } = props;
  const entityPath = useEntityPath();
  const name = entityRefName(entry.userEntityRef);
  const until = untilLabel(entry.until);
  const reach = reachLabel(entry);
  return (
    <li>
      <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
        <Link href={entityPath(entry.userEntityRef)}>{name}</Link>
        <Text variant="body-small" color="secondary">
          {[viaLabel(entry), until].filter(Boolean).join(', ')}
        </Text>
        {entry.wecomUserId && (
          <MessageOnWeComLink wecomUserId={entry.wecomUserId} name={name} />
        )}
        {reach && (
          <Text variant="body-small" color="secondary">
            {reach}
          </Text>
        )}
      </Flex>
    </li>
  );
};

/** A titled list of people on call ("On call now", "Next"). */
export const OnCallPeople = (props: {
  title: string;
  entries: WeComOnCallEntry[];
  emptyText: string;
}) => (
  <Flex direction="column" gap="1">
    <Text as="h4" variant="body-medium" weight="bold" style={{ margin: 0 }}>
      {props.title}
    </Text>
    {props.entries.length === 0 ? (
      <Text variant="body-small" color="secondary">
        {props.emptyText}
      </Text>
    ) : (
      <ul aria-label={props.title} style={{ margin: 0, paddingLeft: 20 }}>
        {props.entries.map(entry => (
          <OnCallPerson
            key={`${entry.userEntityRef}-${entry.until}`}
            entry={entry}
          />
        ))}
      </ul>
    )}
  </Flex>
);
