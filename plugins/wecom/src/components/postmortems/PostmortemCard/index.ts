export { PostmortemCard } from './PostmortemCard';
export type { PostmortemCardProps } from './PostmortemCard';
