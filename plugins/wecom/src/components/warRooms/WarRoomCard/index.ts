export { WarRoomCard } from './WarRoomCard';
export type { WarRoomCardProps } from './WarRoomCard';
