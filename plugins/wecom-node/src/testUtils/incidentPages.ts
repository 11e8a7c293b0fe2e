import type {
  WeComIncident,
  WeComIncidentPage,
  WeComIncidentQuery,
} from 'backstage-plugin-wecom-common';

/**
 * The page of `incidents` a query asks for, newest first, as the plugin's
 * provider answers it; copies, so changing them changes nothing stored.
 */
export function pageOfIncidents(
  incidents: Iterable<WeComIncident>,
  query: WeComIncidentQuery,
): WeComIncidentPage {
  const offset = Math.max(0, query.offset ?? 0);
  const limit = Math.min(200, Math.max(1, query.limit ?? 50));
  const text = query.q?.toLowerCase();
  const matching = [...incidents]
    .filter(
      i =>
        (!query.status?.length || query.status.includes(i.status)) &&
        (!query.severity?.length || query.severity.includes(i.severity)) &&
        (!query.entityRef || i.entityRef === query.entityRef) &&
        // No cards are sent here: only named responders count.
        (!query.responder || i.responders.includes(query.responder)) &&
        (!text || i.title.toLowerCase().includes(text)),
    )
    // Newest first, as the plugin's provider answers.
    .sort((a, b) => compare(b.createdAt, a.createdAt) || compare(b.id, a.id));
  return {
    items: matching.slice(offset, offset + limit).map(i => structuredClone(i)),
    totalCount: matching.length,
    offset,
    limit,
  };
}

export function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
