import type { WeComLinkedUsersQuery } from '../linkedUsers';
import type { WeComIncidentQuery } from '../incidents';
import type { WeComWarRoomQuery } from '../warRooms';

/** One path segment, escaped (ids may hold `/`). */
export function enc(segment: string): string {
  return encodeURIComponent(segment);
}

/** `/integrations/:id` */
export function integration(id: string): string {
  return `/integrations/${enc(id)}`;
}

/** `/incidents/:id` */
export function incident(id: string): string {
  return `/incidents/${enc(id)}`;
}

/** `/incidents/:id/war-room` */
export function warRoom(incidentId: string): string {
  return `${incident(incidentId)}/war-room`;
}

/** `/incidents/:id/postmortem` */
export function postmortem(incidentId: string): string {
  return `${incident(incidentId)}/postmortem`;
}

/** The path with its query string, leaving off the `?` when there is none. */
export function withQuery(path: string, params: URLSearchParams): string {
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** `GET /linked-users` with the query's filters and paging. */
export function linkedUsersPath(query: WeComLinkedUsersQuery): string {
  const params = new URLSearchParams();
  if (query.integrationId) params.set('integration', query.integrationId);
  if (query.filter) params.set('filter', query.filter);
  if (query.q) params.set('q', query.q);
  setPaging(params, query);
  return withQuery('/linked-users', params);
}

/** `GET /incidents` with the query's filters and paging. */
export function incidentsPath(query: WeComIncidentQuery): string {
  const params = new URLSearchParams();
  if (query.status?.length) params.set('status', query.status.join(','));
  if (query.severity?.length) params.set('severity', query.severity.join(','));
  if (query.entityRef) params.set('entityRef', query.entityRef);
  if (query.responder) params.set('responder', query.responder);
  if (query.q) params.set('q', query.q);
  setPaging(params, query);
  return withQuery('/incidents', params);
}

/** `GET /war-rooms/availability` */
export const WAR_ROOM_AVAILABILITY = '/war-rooms/availability';

/** `GET /war-rooms` with the query's filters. */
export function warRoomsPath(query: WeComWarRoomQuery): string {
  const params = new URLSearchParams();
  if (query.entityRef) params.set('entityRef', query.entityRef);
  if (query.status?.length) params.set('status', query.status.join(','));
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  return withQuery('/war-rooms', params);
}

/** The file name the backend's `Content-Disposition` gives, or a fallback. */
export function postmortemFileName(
  disposition: string | null,
  incidentId: string,
): string {
  return (
    /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ??
    `postmortem-${incidentId.slice(0, 8)}.md`
  );
}

function setPaging(
  params: URLSearchParams,
  query: { offset?: number; limit?: number },
): void {
  if (query.offset !== undefined) params.set('offset', String(query.offset));
  if (query.limit !== undefined) params.set('limit', String(query.limit));
}
