/**
 * Extension points and types for backend modules of the WeCom incident
 * integration for Backstage.
 *
 * @packageDocumentation
 */
export * from './analyzer';
export * from './events';
export * from './extensions';
export * from './incidents';
export {
  WECOM_MAX_SNOOZE_MINUTES,
  planIncidentTransition,
  planIncidentWakeUp,
} from './incidentTransitions';
export type {
  WeComIncidentLifecycle,
  WeComPlannedIncidentChange,
} from './incidentTransitions';
export {
  normalizeIncidentResponders,
  planIncidentUpdate,
} from './incidentUpdates';
export type { WeComPlannedIncidentUpdate } from './incidentUpdates';
export * from './workspaceIdentity';
export { assertUsableWeComSecretsKey } from './secretsKey';
