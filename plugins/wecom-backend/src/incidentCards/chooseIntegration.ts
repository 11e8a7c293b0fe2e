import { Config } from '@backstage/config';
import { IntegrationService } from '../integrations/IntegrationService';

/** The integration that sends incident cards, or why there is none. */
export type IntegrationChoice =
  | { integrationId: string }
  | { integrationId?: undefined; problem: string };

/**
 * `wecom.notifications.integration` when set, else the War Room
 * integration, else the only one. Read on every incident: integrations
 * come and go through the setup form.
 */
export async function chooseIntegration(
  integrations: Pick<IntegrationService, 'list'>,
  configured: string | undefined,
): Promise<IntegrationChoice> {
  const all = await integrations.list();
  if (configured) {
    return all.some(i => i.id === configured)
      ? { integrationId: configured }
      : {
          problem: `wecom.notifications.integration names "${configured}", which is not a WeCom integration`,
        };
  }
  const warRoom = all.find(i => i.warRoom.enabled);
  if (warRoom) return { integrationId: warRoom.id };
  if (all.length === 1) return { integrationId: all[0].id };
  if (all.length === 0) {
    return { problem: 'no WeCom integration is set up' };
  }
  return {
    problem: `several WeCom integrations exist (${all
      .map(i => i.id)
      .join(', ')}) and none is chosen: set wecom.notifications.integration`,
  };
}

/** `wecom.notifications.integration`: the integration that sends incident cards. */
export function readNotificationIntegration(
  config: Config,
): string | undefined {
  return config.getOptionalString('wecom.notifications.integration');
}
