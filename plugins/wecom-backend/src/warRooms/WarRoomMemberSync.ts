import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  WeComIncidentChange,
  WeComIncidentProvider,
} from 'backstage-plugin-wecom-node';
import { WarRoomService } from './WarRoomService';

const ATTEMPTS = 3;
const RETRY_DELAY_MS = 1_000;

/**
 * Keeps active War Rooms following their incident: when the responders
 * change, the new ones are invited. Failures are logged (the service puts
 * what happened on the timeline) and never reach the provider.
 */
export class WarRoomMemberSync {
  constructor(
    private readonly deps: {
      incidents: Pick<WeComIncidentProvider, 'subscribe'>;
      warRooms: Pick<WarRoomService, 'syncResponders'>;
      logger: LoggerService;
      sleep?: (ms: number) => Promise<void>;
    },
  ) {}

  /** Listens to the provider; answers the function that stops listening. */
  start(): () => void {
    return this.deps.incidents.subscribe(change => this.handle(change));
  }

  async handle(change: WeComIncidentChange): Promise<void> {
    if (change.type !== 'updated' || !change.previousResponders) return;
    const { id } = change.incident;
    const sleep =
      this.deps.sleep ??
      ((ms: number) => new Promise(resolve => setTimeout(resolve, ms)));
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.warRooms.syncResponders(id, change.actor);
        return;
      } catch (error) {
        // Another request holds the War Room for a moment: wait for it.
        if (error instanceof ConflictError && attempt < ATTEMPTS) {
          await sleep(RETRY_DELAY_MS);
          continue;
        }
        this.deps.logger.warn(
          `Could not invite the new responders of incident ${id} to its War Room: ${error}`,
        );
        return;
      }
    }
  }
}
