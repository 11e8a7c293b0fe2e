import {
  WeComIncident,
  WeComIncidentStatus,
} from 'backstage-plugin-wecom-common';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { TeamCatalog } from './TeamCatalog';

/** Statuses that still need someone. */
export const OPEN_STATUSES: WeComIncidentStatus[] = [
  'triggered',
  'processing',
  'snoozed',
];

const PAGE = 200;
// Enough for any real on-call situation; keeps a runaway alert storm cheap.
const MAX_SCANNED = 1000;

/** Open incidents, newest first (at most {@link MAX_SCANNED}). */
export async function listOpenIncidents(
  provider: Pick<WeComIncidentProvider, 'listIncidents'>,
): Promise<WeComIncident[]> {
  const found: WeComIncident[] = [];
  for (let offset = 0; offset < MAX_SCANNED; offset += PAGE) {
    const page = await provider.listIncidents({
      status: OPEN_STATUSES,
      offset,
      limit: PAGE,
    });
    found.push(...page.items);
    if (page.items.length < PAGE || found.length >= page.totalCount) break;
  }
  return found.sort(newestFirst);
}

/**
 * The open incidents of the asker's teams, newest first: those whose
 * responders name the asker or one of their groups, or whose entity one of
 * them owns.
 */
export async function openIncidentsOf(
  userRef: string,
  deps: {
    provider: Pick<WeComIncidentProvider, 'listIncidents'>;
    teams: TeamCatalog;
  },
): Promise<WeComIncident[]> {
  const user = userRef.toLocaleLowerCase('en-US');
  const [open, groups] = await Promise.all([
    listOpenIncidents(deps.provider),
    deps.teams.groupsOf(user),
  ]);
  const mine = new Set([user, ...groups]);
  const entityRefs = open.flatMap(incident =>
    incident.entityRef ? [incident.entityRef] : [],
  );
  const owners = await deps.teams.ownersOf(entityRefs);
  const lower = (ref: string) => ref.toLocaleLowerCase('en-US');
  return open.filter(
    incident =>
      incident.responders.some(ref => mine.has(lower(ref))) ||
      (incident.entityRef !== undefined &&
        (owners.get(lower(incident.entityRef)) ?? []).some(ref =>
          mine.has(ref),
        )),
  );
}

function newestFirst(a: WeComIncident, b: WeComIncident): number {
  return b.createdAt.localeCompare(a.createdAt);
}
