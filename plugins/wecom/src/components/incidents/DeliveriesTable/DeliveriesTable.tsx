import {
  Badge,
  Cell,
  CellText,
  Flex,
  Focusable,
  Link,
  Text,
  Tooltip,
  TooltipTrigger,
} from '@backstage/ui';
import type {
  WeComCardDelivery,
  WeComCardDigest,
} from 'backstage-plugin-wecom-common';
import { useEntityPath } from '../../shared/hooks/useEntityPath';
import { useIncidentPaths } from '../hooks/useIncidentPaths';
import {
  deliveryStatusHint,
  deliveryStatusLabel,
  formatTime,
  levelLabel,
  STALE_CARD_EXPLANATION,
} from '../incidentLabels';
import { DataTable, DataTableColumn } from '../../shared/DataTable';
import { StatusBadge, toneStyle } from '../IncidentBadges';

type DeliveryRow = WeComCardDelivery & { id: string };

type DeliveryColumn = DataTableColumn;

const columns: DeliveryColumn[] = [
  { id: 'recipient', name: 'Recipient', isRowHeader: true },
  { id: 'wecomUserId', name: 'WeCom userid' },
  { id: 'status', name: 'Status' },
  { id: 'level', name: 'Level' },
  { id: 'card', name: 'Card' },
  { id: 'updatedAt', name: 'Updated' },
];

/** Marks a card that shows an old status, with why and what to do. */
const StaleMarker = () => (
  <TooltipTrigger delay={300}>
    <Focusable>
      <Badge
        size="small"
        tabIndex={0}
        // An image-like marker: focusable for the tooltip, named for readers.
        role="img"
        aria-label="Stale card"
        style={toneStyle('warning')}
      >
        Stale
      </Badge>
    </Focusable>
    <Tooltip>{STALE_CARD_EXPLANATION}</Tooltip>
  </TooltipTrigger>
);

const statusColor = {
  sent: 'success',
  pending: 'secondary',
  optedOut: 'secondary',
  failed: 'danger',
  invalidUser: 'danger',
  unlicensed: 'danger',
  unlinked: 'danger',
} as const;

/** The line under a status: why it failed, why it waits, or what it means. */
function statusDetail(
  delivery: WeComCardDelivery,
): { text: string; color: 'secondary' | 'warning' } | undefined {
  if (delivery.status === 'failed' && delivery.error) {
    return { text: delivery.error, color: 'secondary' };
  }
  // Held back, e.g. the recipient is over WeCom's per-member message
  // budget: the backend says why and when it goes out.
  if (delivery.status === 'pending' && delivery.error) {
    return { text: delivery.error, color: 'warning' };
  }
  if (delivery.status === 'sent') return undefined;
  return { text: deliveryStatusHint[delivery.status], color: 'secondary' };
}

/**
 * A delivery that went by digest (an alert storm): the message it went in,
 * how many incidents that message counts, and what this one was counted
 * with, so the page says which incidents were grouped and into which card.
 */
const DigestCell = (props: { digest: WeComCardDigest }) => {
  const { digest } = props;
  const others = digest.groupIncidents - 1;
  return (
    <Cell>
      <Flex direction="column" gap="1">
        <Text variant="body-medium">
          {`In a digest of ${plural(digest.incidents, 'incident')}`}
        </Text>
        <Text variant="body-small" color="secondary">
          {others > 0
            ? `Counted with ${plural(others, 'other incident')} of ${
                digest.groupLabel
              }`
            : `Counted under ${digest.groupLabel}`}
        </Text>
        <Text variant="body-small" color="secondary">
          {digest.sentAt
            ? `Digest ${digest.taskId}, sent ${formatTime(digest.sentAt)}`
            : `Digest ${digest.taskId}, collecting: it goes out shortly`}
        </Text>
      </Flex>
    </Cell>
  );
};

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The delivery status in words; what to do about it where there is something. */
const StatusCell = (props: {
  delivery: WeComCardDelivery;
  linkedUsersPath: string;
}) => {
  const { delivery } = props;
  const label = deliveryStatusLabel(delivery.status);
  const color = statusColor[delivery.status];
  const detail = statusDetail(delivery);
  return (
    <Cell>
      <Flex direction="column" gap="1">
        <Text variant="body-medium" color={color}>
          {label}
        </Text>
        {detail && (
          <Text variant="body-small" color={detail.color}>
            {detail.text}
          </Text>
        )}
        {delivery.status === 'unlinked' && (
          <Link href={props.linkedUsersPath} variant="body-small">
            Link them in Linked Users
          </Link>
        )}
      </Flex>
    </Cell>
  );
};

/**
 * One row per recipient of each card of the incident: who, their WeCom
 * userid, whether the card reached them (or why not), the escalation level
 * that reached them, and the status their card shows, marked stale when it
 * lags behind the incident — or, in an alert storm, the digest message
 * that counted the incident with others of its service and cause.
 */
export const DeliveriesTable = (props: { deliveries: WeComCardDelivery[] }) => {
  const entityPath = useEntityPath();
  const { linkedUsers } = useIncidentPaths();
  const rows: DeliveryRow[] = props.deliveries.map(delivery => ({
    ...delivery,
    id: [
      delivery.integrationId,
      delivery.taskId ?? '-',
      delivery.level,
      delivery.entityRef,
    ].join('|'),
  }));

  const cell = (column: DeliveryColumn, delivery: DeliveryRow) => {
    switch (column.id) {
      case 'recipient':
        return (
          <CellText
            title={delivery.entityRef}
            href={entityPath(delivery.entityRef)}
          />
        );
      case 'wecomUserId':
        return (
          <CellText
            title={delivery.wecomUserId ?? '—'}
            color={delivery.wecomUserId ? 'primary' : 'secondary'}
          />
        );
      case 'status':
        return <StatusCell delivery={delivery} linkedUsersPath={linkedUsers} />;
      case 'level':
        return <CellText title={levelLabel(delivery.level)} />;
      case 'card':
        if (delivery.digest) return <DigestCell digest={delivery.digest} />;
        return (
          <Cell>
            <Flex gap="2" align="center">
              {delivery.cardStatus ? (
                <StatusBadge status={delivery.cardStatus} />
              ) : (
                <Text variant="body-small" color="secondary">
                  —
                </Text>
              )}
              {delivery.stale && <StaleMarker />}
            </Flex>
          </Cell>
        );
      default:
        return <CellText title={formatTime(delivery.updatedAt)} />;
    }
  };

  return (
    <DataTable
      label="Deliveries"
      columns={columns}
      rows={rows}
      emptyText="No cards yet: nobody has been notified of this incident."
      cell={cell}
    />
  );
};
