import { Box, Flex, Text } from '@backstage/ui';
import type { WeComTimelineEntry } from 'backstage-plugin-wecom-common';
import { actorLabel, formatTime, timelineKindLabel } from '../incidentLabels';

/** Newest first; entries of the same instant keep the backend's order reversed. */
function newestFirst(entries: WeComTimelineEntry[]): WeComTimelineEntry[] {
  return entries
    .map((entry, index) => ({ entry, index, at: Date.parse(entry.at) }))
    .sort((a, b) => b.at - a.at || b.index - a.index)
    .map(item => item.entry);
}

/**
 * Everything that happened to the incident, newest first: what (the kind in
 * words and the message), who (an entity ref, a source, or the system) and
 * when.
 */
export const IncidentTimeline = (props: { entries: WeComTimelineEntry[] }) => {
  if (props.entries.length === 0) {
    return (
      <Text as="p" variant="body-medium" color="secondary">
        Nothing has happened yet.
      </Text>
    );
  }
  return (
    <Box
      as="ol"
      m="0"
      p="0"
      style={{ listStyle: 'none' }}
      aria-label="Timeline"
    >
      {newestFirst(props.entries).map(entry => (
        <Box
          as="li"
          key={entry.id}
          py="2"
          style={{ borderBottom: '1px solid var(--bui-border-1)' }}
        >
          <Flex gap="2" align="baseline" style={{ flexWrap: 'wrap' }}>
            <Text variant="body-small" weight="bold">
              {timelineKindLabel(entry.kind)}
            </Text>
            <Text variant="body-small">{entry.message}</Text>
          </Flex>
          <Text variant="body-x-small" color="secondary">
            {actorLabel(entry.actor)} ·{' '}
            <time dateTime={entry.at}>{formatTime(entry.at)}</time>
          </Text>
        </Box>
      ))}
    </Box>
  );
};
