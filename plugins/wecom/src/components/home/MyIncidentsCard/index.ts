// The parts plugin-home's card extensions load: `Content` is the card body.
export { MyIncidentsContent as Content } from './MyIncidentsContent';
