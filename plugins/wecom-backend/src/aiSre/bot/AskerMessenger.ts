import { WeComClient } from '../../connector';
import { IntegrationService } from '../../integrations/IntegrationService';
import { WeComIntegration } from '../../integrations/types';
import { fitText } from '../../text/fitText';

/** `message/send` markdown: at most 2,048 bytes of content (page 90236). */
const MESSAGE_MARKDOWN_MAX_BYTES = 2048;

/** Sends a bot answer to its asker as a new message. */
export interface AskerMessenger {
  sendMarkdown(
    integrationId: string,
    userid: string,
    markdown: string,
  ): Promise<void>;
}

/**
 * Through the integration's custom app (`message/send`, markdown, to the
 * asker alone): the smart bot over its callback has no way to start a
 * message of its own, and the app reaches every member the bot does.
 * Throws when the integration is gone or WeCom refuses.
 */
export class AppMessageAskerMessenger implements AskerMessenger {
  constructor(
    private readonly options: {
      integrations: Pick<IntegrationService, 'get'>;
      clientOf: (
        integration: WeComIntegration,
      ) => Pick<WeComClient, 'sendMessage'>;
      /** The app's agent: a third-party app's comes from its authorization. */
      agentOf?: (
        integration: WeComIntegration,
      ) => Promise<{ agentId?: number; problem?: string }>;
    },
  ) {}

  async sendMarkdown(
    integrationId: string,
    userid: string,
    markdown: string,
  ): Promise<void> {
    const integration = await this.options.integrations.get(integrationId);
    if (!integration) {
      throw new Error(
        `The WeCom integration ${integrationId} no longer exists`,
      );
    }
    const agent = await this.options.agentOf?.(integration);
    if (agent?.problem) throw new Error(agent.problem);
    await this.options.clientOf(integration).sendMessage({
      ...(agent?.agentId !== undefined ? { agentid: agent.agentId } : {}),
      touser: userid,
      msgtype: 'markdown',
      markdown: {
        content: fitText(markdown, { bytes: MESSAGE_MARKDOWN_MAX_BYTES }).text,
      },
    });
  }
}
