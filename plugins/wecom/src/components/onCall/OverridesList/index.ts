export { OverridesList } from './OverridesList';
