import { CSSProperties } from 'react';
import { Badge } from '@backstage/ui';
import type {
  WeComIncidentSeverity,
  WeComIncidentStatus,
  WeComWarRoomStatus,
} from 'backstage-plugin-wecom-common';
import {
  severityLabel,
  severityTone,
  statusLabel,
  statusTone,
  Tone,
} from '../incidentLabels';
import {
  warRoomStatusLabel,
  warRoomStatusTone,
} from '../../warRooms/warRoomLabels';

// BUI's Badge has no status colours of its own; BUI's semantic families
// keep the badges readable in light and dark themes.
const family: Record<Exclude<Tone, 'neutral'>, string> = {
  danger: 'negative',
  warning: 'warning',
  info: 'announcement',
  success: 'positive',
};

/** The background and text colour of a badge of the given tone. */
export function toneStyle(tone: Tone): CSSProperties | undefined {
  if (tone === 'neutral') return undefined;
  return {
    backgroundColor: `var(--bui-${family[tone]}-bg-subdued)`,
    color: `var(--bui-${family[tone]}-fg-subdued)`,
  };
}

/** The severity of an incident as a coloured badge. */
export const SeverityBadge = (props: { severity: WeComIncidentSeverity }) => (
  <Badge size="small" style={toneStyle(severityTone[props.severity])}>
    {severityLabel(props.severity)}
  </Badge>
);

/** The status of an incident (or of a card) as a coloured badge. */
export const StatusBadge = (props: { status: WeComIncidentStatus }) => (
  <Badge size="small" style={toneStyle(statusTone[props.status])}>
    {statusLabel(props.status)}
  </Badge>
);

/** The status of a War Room as a coloured badge. */
export const WarRoomStatusBadge = (props: { status: WeComWarRoomStatus }) => (
  <Badge size="small" style={toneStyle(warRoomStatusTone[props.status])}>
    {warRoomStatusLabel(props.status)}
  </Badge>
);
