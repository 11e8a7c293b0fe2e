/**
 * Test doubles for testing modules of the WeCom plugin.
 *
 * @packageDocumentation
 */
export * from './InMemoryIncidentProvider';
