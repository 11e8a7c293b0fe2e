export { IntegrationsPanel } from './IntegrationsPanel';
