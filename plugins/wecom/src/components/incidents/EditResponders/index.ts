export { EditResponders } from './EditResponders';
export type { EditRespondersProps } from './EditResponders';
