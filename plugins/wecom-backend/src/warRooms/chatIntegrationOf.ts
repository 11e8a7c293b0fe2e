import { ConflictError } from '@backstage/errors';
import { WeComWarRoom } from 'backstage-plugin-wecom-common';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComIntegration } from '../integrations/types';

/**
 * The integration whose app made the War Room's chat: WeCom lets only that
 * app manage the group chat or post to it. `toDo` ends the refusal, e.g.
 * "manage it".
 */
export async function chatIntegrationOf(
  integrations: Pick<IntegrationService, 'get'>,
  warRoom: WeComWarRoom,
  toDo: string,
): Promise<WeComIntegration> {
  const integration = await integrations.get(warRoom.integrationId);
  if (!integration) {
    throw new ConflictError(
      `The War Room was created through integration "${warRoom.integrationId}", which no longer exists; only the app that created a WeCom group chat can ${toDo}`,
    );
  }
  return integration;
}
