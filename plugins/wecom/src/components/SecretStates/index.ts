export { SecretStates } from './SecretStates';
