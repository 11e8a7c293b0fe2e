export { OrderedRefList } from './OrderedRefList';
