export { CardPreview } from './CardPreview';
