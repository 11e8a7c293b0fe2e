export { CopyableValue } from './CopyableValue';
