export { EntityWarRoomsCard } from './EntityWarRoomsCard';
