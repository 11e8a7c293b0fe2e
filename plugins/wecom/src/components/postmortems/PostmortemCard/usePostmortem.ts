import type { WeComApi } from '../../../api';
import { useIncidentResource } from '../../incidents/hooks/useIncidentResource';

const loadPostmortem = (api: WeComApi, incidentId: string) =>
  api.getPostmortem(incidentId);

/**
 * The post-mortem of an incident. It loads again whenever `refreshKey`
 * changes (the incident page passes the timeline's length: generating,
 * editing and posting each add an entry, from any browser).
 */
export function usePostmortem(incidentId: string, refreshKey?: unknown) {
  const { value, ...state } = useIncidentResource(
    loadPostmortem,
    incidentId,
    refreshKey,
  );
  return { ...state, postmortem: value };
}
