export { IncidentFilters } from './IncidentFilters';
export type { IncidentFiltersProps } from './IncidentFilters';
