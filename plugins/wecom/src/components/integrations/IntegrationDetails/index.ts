export { IntegrationDetails } from './IntegrationDetails';
