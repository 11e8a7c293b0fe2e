import type { WeComWarRoom } from 'backstage-plugin-wecom-common';
import type { WeComApi } from '../../../api';
import { useIncidentResource } from '../../incidents/hooks/useIncidentResource';

export interface WarRoomState {
  /** True until the first answer. */
  loading: boolean;
  /** The incident's War Room; undefined when it has none (or not loaded). */
  warRoom?: WeComWarRoom;
  /** Why the last load failed; the last War Room shown stays. */
  error?: Error;
  /** Shows a War Room the backend just answered (after an action). */
  set: (warRoom: WeComWarRoom) => void;
  /** Loads the War Room again now. */
  reload: () => void;
}

const loadWarRoom = (api: WeComApi, incidentId: string) =>
  api.getWarRoom(incidentId);

/**
 * The War Room of an incident. It loads again whenever `refreshKey` changes:
 * the incident page passes the timeline's length, as every War Room change
 * (creation, invitations from a responder change, dismissal) adds an entry.
 */
export function useWarRoom(
  incidentId: string,
  refreshKey?: unknown,
): WarRoomState {
  const { value, ...state } = useIncidentResource(
    loadWarRoom,
    incidentId,
    refreshKey,
  );
  return { ...state, warRoom: value };
}
