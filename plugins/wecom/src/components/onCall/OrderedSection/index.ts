export { OrderedSection } from './OrderedSection';
export type { OrderedSectionProps } from './OrderedSection';
