import { LoggerService } from '@backstage/backend-plugin-api';
import { DateTime } from 'luxon';
import { AskerMessenger } from './AskerMessenger';
import { BotStreamStore } from './BotStreamStore';
import { fitStreamContent } from './fitStreamContent';
import { ResponseUrlPoster } from './ResponseUrlPoster';

/**
 * Delivers an answer that finished after WeCom stopped refreshing its
 * stream: to the message's response URL, else to the asker as a message.
 * The stream's claim makes one replica send it, once.
 */
export class LateAnswerPoster {
  constructor(
    private readonly options: {
      streams: Pick<BotStreamStore, 'claimResponseUrl'>;
      responses: ResponseUrlPoster;
      /** Where a late answer goes when its response URL fails. */
      askers?: AskerMessenger;
      logger: LoggerService;
    },
  ) {}

  async post(streamId: string, now: DateTime): Promise<void> {
    const { streams, responses, askers, logger } = this.options;
    let claimed;
    try {
      claimed = await streams.claimResponseUrl(streamId, now);
      if (!claimed) return;
      await responses.postMarkdown(
        claimed.integrationId,
        claimed.responseUrl,
        fitStreamContent(claimed.content),
      );
      return;
    } catch (error) {
      // The error never holds the URL (see HttpResponseUrlPoster).
      logger.warn(
        `Could not post the late bot answer of stream ${streamId} to its response URL: ${error}`,
      );
    }
    // How long a response_url stays valid is not documented (page 100719
    // gives no lifetime): any failure counts as "expired", and the answer
    // goes to the asker as a new message instead of being lost. The claim
    // above already keeps other replicas from sending it again.
    if (!claimed || !askers) return;
    try {
      await askers.sendMarkdown(
        claimed.integrationId,
        claimed.fromUserId,
        claimed.content,
      );
    } catch (error) {
      logger.warn(
        `Could not send the late bot answer of stream ${streamId} to its asker either: ${error}`,
      );
    }
  }
}
