import { LoggerService } from '@backstage/backend-plugin-api';
import { WeComIncidentProvider } from 'backstage-plugin-wecom-node';
import { DateTime } from 'luxon';
import { WeComClient } from '../../connector';

/** The WeCom client of an integration and its app's agent id. */
export interface DeliveryTarget {
  client: Pick<WeComClient, 'sendSerializedMessage' | 'updateTemplateCard'>;
  agentId?: number;
  /**
   * Why nothing can be sent when there is no agent id: no AgentId set, or a
   * third-party app not (or no longer) authorized by the corp.
   */
  problem?: string;
}

/** Finds an integration's client; undefined when the integration is gone. */
export type DeliveryTargets = (
  integrationId: string,
) => Promise<DeliveryTarget | undefined>;

/**
 * Adds a timeline entry; a failure is logged, never thrown: the timeline
 * describes a send or update that already happened.
 */
export async function addToTimeline(
  provider: WeComIncidentProvider,
  logger: LoggerService,
  incidentId: string,
  entry: { kind: 'notification' | 'card'; message: string; data?: object },
): Promise<void> {
  try {
    await provider.addTimelineEntry(incidentId, {
      kind: entry.kind,
      message: entry.message,
      data: entry.data as Record<string, unknown> | undefined,
    });
  } catch (error) {
    logger.warn(
      `Could not add a ${entry.kind} entry to the timeline of incident ${incidentId}: ${error}`,
    );
  }
}

/** The clock of the delivery parts; tests pass the emulator's. */
export type Clock = () => DateTime;
