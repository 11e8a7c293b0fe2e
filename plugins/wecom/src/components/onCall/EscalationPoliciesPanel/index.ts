export { EscalationPoliciesPanel } from './EscalationPoliciesPanel';
