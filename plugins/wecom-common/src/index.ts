/**
 * Shared types, permissions and the typed HTTP client of the WeCom incident
 * integration for Backstage.
 *
 * @packageDocumentation
 */
export * from './integrations';
export * from './integrationFields';
export * from './linkedUsers';
export * from './permissions';
export * from './constants';
export * from './client';
export * from './incidents';
export * from './warRooms';
export * from './postmortems';
export * from './onCall';
export * from './analytics';
