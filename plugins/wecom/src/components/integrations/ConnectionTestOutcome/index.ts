export { ConnectionTestOutcome } from './ConnectionTestOutcome';
