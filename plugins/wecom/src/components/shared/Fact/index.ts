export { Fact } from './Fact';
export type { FactProps } from './Fact';
