import { ConflictError } from '@backstage/errors';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComIntegration } from '../integrations/types';

const NO_INTEGRATION =
  "No integration has War Room enabled: turn on 'Enable War Room' on your custom-app integration (Settings → WeCom)";

const THIRD_PARTY =
  'WeCom lets only self-built apps whose visible range is the root department create group chats. Enable War Room on a custom-app integration instead.';

/** The integration with War Room enabled, if any, and whether it can make them. */
async function findWarRoomIntegration(
  integrations: Pick<IntegrationService, 'list'>,
) {
  const integration = (await integrations.list()).find(i => i.warRoom.enabled);
  return { integration, usable: integration?.mode === 'customApp' };
}

/** The one integration with War Room enabled; it must be a custom app. */
export async function warRoomIntegration(
  integrations: Pick<IntegrationService, 'list'>,
): Promise<WeComIntegration> {
  const { integration, usable } = await findWarRoomIntegration(integrations);
  if (!integration) throw new ConflictError(NO_INTEGRATION);
  if (!usable) {
    throw new ConflictError(
      `War Rooms need a custom app, but integration "${integration.name}" (${integration.id}) is a third-party app: ${THIRD_PARTY}`,
    );
  }
  return integration;
}

/**
 * Why no War Room can be made, for anyone who may read incidents: the
 * same as Create's refusal without naming the integration (its name and
 * id are for those who may read integrations). Undefined when one can.
 */
export async function warRoomUnavailableReason(
  integrations: Pick<IntegrationService, 'list'>,
): Promise<string | undefined> {
  const { integration, usable } = await findWarRoomIntegration(integrations);
  if (!integration) return NO_INTEGRATION;
  if (!usable) {
    return `War Rooms need a custom app, but the integration with War Room enabled is a third-party app: ${THIRD_PARTY}`;
  }
  return undefined;
}
