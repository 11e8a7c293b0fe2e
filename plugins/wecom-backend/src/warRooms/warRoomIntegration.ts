import { ConflictError } from '@backstage/errors';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComIntegration } from '../integrations/types';

const NO_INTEGRATION =
  "No integration has War Room enabled: turn on 'Enable War Room' on your custom-app integration (Settings → WeCom)";

/** The one integration with War Room enabled; it must be a custom app. */
export async function warRoomIntegration(
  integrations: Pick<IntegrationService, 'list'>,
): Promise<WeComIntegration> {
  const integration = (await integrations.list()).find(i => i.warRoom.enabled);
  if (!integration) throw new ConflictError(NO_INTEGRATION);
  if (integration.mode !== 'customApp') {
    throw new ConflictError(
      `War Rooms need a custom app, but integration "${integration.name}" (${integration.id}) is a third-party app: WeCom lets only self-built apps whose visible range is the root department create group chats. Enable War Room on a custom-app integration instead.`,
    );
  }
  return integration;
}
