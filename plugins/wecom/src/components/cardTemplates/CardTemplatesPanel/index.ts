export { CardTemplatesPanel } from './CardTemplatesPanel';
export type { CardTemplatesPanelProps } from './CardTemplatesPanel';
