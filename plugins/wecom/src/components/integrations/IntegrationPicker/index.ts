export { IntegrationPicker } from './IntegrationPicker';
