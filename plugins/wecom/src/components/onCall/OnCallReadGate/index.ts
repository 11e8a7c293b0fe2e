export { OnCallReadGate } from './OnCallReadGate';
