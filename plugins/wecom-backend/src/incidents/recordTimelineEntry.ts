import { LoggerService } from '@backstage/backend-plugin-api';
import { IncidentService } from './IncidentService';

type EntryInput = Parameters<IncidentService['addTimelineEntry']>[1];

/**
 * Adds an entry to the incident's timeline; a failure is logged, not
 * thrown: the change the entry tells of has happened all the same.
 */
export async function recordTimelineEntry(
  deps: {
    incidents: Pick<IncidentService, 'addTimelineEntry'>;
    logger: LoggerService;
  },
  incidentId: string,
  entry: EntryInput,
): Promise<void> {
  try {
    await deps.incidents.addTimelineEntry(incidentId, entry);
  } catch (error) {
    deps.logger.warn(
      `Could not add to the timeline of incident ${incidentId}: ${error}`,
    );
  }
}
