// The parts plugin-home's card extensions load: `Content` is the card body.
export { MyShiftsContent as Content } from './MyShiftsContent';
