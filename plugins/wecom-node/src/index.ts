/**
 * Extension points and types for backend modules of the WeCom incident
 * integration for Backstage.
 *
 * @packageDocumentation
 */
export * from './events';
export * from './extensions';
export * from './incidents';
export * from './workspaceIdentity';
