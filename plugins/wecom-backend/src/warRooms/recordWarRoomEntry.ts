import { LoggerService } from '@backstage/backend-plugin-api';
import { IncidentService } from '../incidents/IncidentService';
import { recordTimelineEntry } from '../incidents/recordTimelineEntry';

/** Adds a `war-room` timeline entry; a failure is logged, not thrown. */
export function recordWarRoomEntry(
  deps: {
    incidents: Pick<IncidentService, 'addTimelineEntry'>;
    logger: LoggerService;
  },
  incidentId: string,
  actor: string | undefined,
  entry: { message: string; data: Record<string, unknown> },
): Promise<void> {
  return recordTimelineEntry(deps, incidentId, {
    kind: 'war-room',
    actor,
    ...entry,
  });
}
