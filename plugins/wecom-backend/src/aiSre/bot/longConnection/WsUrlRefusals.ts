import { LoggerService } from '@backstage/backend-plugin-api';
import { AllowedHosts } from '../../../integrations/allowedHosts';
import { wsUrlProblem } from '../../../integrations/secretDestinations';
import { WeComIntegration } from '../../../integrations/types';

/**
 * Stored bots that must not connect because their Secret would go to a
 * host outside `wecom.allowedApiHosts`, and the error lines that say so.
 */
export class WsUrlRefusals {
  /** Why each refused bot is not connected, as last logged. */
  readonly #logged = new Map<string, string>();

  constructor(
    private readonly allowedHosts: Pick<AllowedHosts, 'problem'>,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Why a stored bot must not connect. App-config's bots are trusted, as
   * the WeCom clients trust them.
   */
  problemOf(integration: WeComIntegration): string | undefined {
    if (integration.source === 'config') return undefined;
    return wsUrlProblem(integration, this.allowedHosts);
  }

  /** One error line per refused bot, again only when the reason changes. */
  log(refused: Map<string, string>) {
    for (const id of [...this.#logged.keys()]) {
      if (!refused.has(id)) this.#logged.delete(id);
    }
    for (const [id, problem] of refused) {
      if (this.#logged.get(id) === problem) continue;
      this.#logged.set(id, problem);
      this.logger.error(
        `The smart bot's long connection of integration "${id}" is not opened: ${problem}. Fix bot.wsUrl in the setup form (Settings → WeCom) and enter the bot's Secret again.`,
      );
    }
  }
}
