export { OptionPicker } from './OptionPicker';
