export { IntegrationsTable } from './IntegrationsTable';
export type { IntegrationsTableProps } from './IntegrationsTable';
