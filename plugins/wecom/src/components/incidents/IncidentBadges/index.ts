export {
  SeverityBadge,
  StatusBadge,
  toneStyle,
  WarRoomStatusBadge,
} from './IncidentBadges';
