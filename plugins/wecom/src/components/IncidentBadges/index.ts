export { SeverityBadge, StatusBadge, toneStyle } from './IncidentBadges';
