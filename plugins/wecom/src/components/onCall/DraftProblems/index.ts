export { DraftProblems } from './DraftProblems';
