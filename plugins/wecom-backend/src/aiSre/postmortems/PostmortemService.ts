import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotFoundError,
  isError,
} from '@backstage/errors';
import {
  WECOM_POSTMORTEM_MAX_BYTES,
  WeComIncident,
  WeComPostmortem,
  WeComPostmortemFile,
  WeComPostmortemPostResult,
  WeComWarRoom,
} from 'backstage-plugin-wecom-common';
import { WeComIncidentAnalyzer } from 'backstage-plugin-wecom-node';
import { DateTime, Duration } from 'luxon';
import { IncidentService } from '../../incidents/IncidentService';
import { recordTimelineEntry } from '../../incidents/recordTimelineEntry';
import { IntegrationService } from '../../integrations/IntegrationService';
import { WeComClientProvider } from '../../integrations/WeComClientProvider';
import { fitText } from '../../text/fitText';
import { chatIntegrationOf } from '../../warRooms/chatIntegrationOf';
import { WarRoomChat } from '../../warRooms/WarRoomChat';
import { describeWeComFailure } from '../../warRooms/warRoomErrors';
import { MARKDOWN_MAX_BYTES } from '../../warRooms/warRoomPosts';
import { WarRoomService } from '../../warRooms/WarRoomService';
import { ConversationLog } from '../conversations/ConversationLog';
import { ConfinedIncidentContexts } from '../IncidentContextBuilder';
import {
  PostmortemRateLimitedError,
  PostmortemUpstreamError,
} from './postmortemErrors';
import { PostmortemStore } from './PostmortemStore';
import { neutraliseUntrustedMarkdown } from '../../text/wecomMarkdown';
import { splitMarkdown } from './splitMarkdown';

/**
 * The post-mortems of closed incidents: written by the configured analyzer
 * from the incident, its timeline and its War Room conversation, edited by
 * people, downloaded, and posted to the War Room. Every change is on the
 * incident's timeline (kind `postmortem`).
 */
export interface PostmortemService {
  /** NotFoundError when the incident is unknown or has none yet. */
  get(incidentId: string): Promise<WeComPostmortem>;
  /**
   * Writes (or writes again) the post-mortem. ConflictError unless the
   * incident is closed; PostmortemRateLimitedError within the interval.
   * The catalog is read with `actorCredentials` when given, so what the
   * post-mortem says of the entity is what the actor may see.
   */
  generate(
    incidentId: string,
    actor?: string,
    actorCredentials?: BackstageCredentials,
  ): Promise<WeComPostmortem>;
  /** Replaces the text (at most 100 KB). */
  update(
    incidentId: string,
    markdown: string,
    actor?: string,
  ): Promise<WeComPostmortem>;
  /** Posts it to the incident's active War Room (else ConflictError). */
  postToWarRoom(
    incidentId: string,
    actor?: string,
  ): Promise<WeComPostmortemPostResult>;
  /** The post-mortem as a `.md` file. */
  file(incidentId: string): Promise<WeComPostmortemFile>;
}

const TIMELINE_KIND = 'postmortem';
// Room for the "> Post-mortem 12/13" line on each of several messages.
const PART_LABEL_BYTES = 32;

/** {@link PostmortemService} over the store, the analyzer and the War Room. */
export class DefaultPostmortemService implements PostmortemService {
  private readonly now: () => DateTime;

  constructor(
    private readonly deps: {
      store: PostmortemStore;
      incidents: Pick<IncidentService, 'get' | 'addTimelineEntry'>;
      /** Reads that incident only: the text reaches its War Room. */
      contextBuilder: ConfinedIncidentContexts;
      conversations: Pick<ConversationLog, 'forIncident'>;
      analyzer: WeComIncidentAnalyzer;
      warRooms: Pick<WarRoomService, 'get'>;
      integrations: Pick<IntegrationService, 'get'>;
      clients: Pick<WeComClientProvider, 'forIntegration'>;
      /** `wecom.aiSre.postmortem.minIntervalSeconds` */
      minInterval: Duration;
      /** The Backstage app: links there stay links when posted to chat. */
      appBaseUrl: string;
      logger: LoggerService;
      now?: () => DateTime;
    },
  ) {
    this.now = deps.now ?? (() => DateTime.utc());
  }

  async get(incidentId: string): Promise<WeComPostmortem> {
    await this.deps.incidents.get(incidentId);
    return this.require(incidentId);
  }

  async generate(
    incidentId: string,
    actor?: string,
    actorCredentials?: BackstageCredentials,
  ): Promise<WeComPostmortem> {
    const incident = await this.deps.incidents.get(incidentId);
    if (incident.status !== 'closed') {
      throw new ConflictError(
        `Incident ${incidentId} is ${incident.status}: a post-mortem is written once the incident is closed. Close it first.`,
      );
    }
    const now = this.now();
    const result = await this.deps.store.claimGeneration(
      incidentId,
      now,
      this.deps.minInterval,
    );
    if (!result.claimed) {
      throw this.rateLimited(now, result.lastStartedAt, result.retryAt);
    }

    let markdown: string;
    try {
      markdown = await this.write(incident, actorCredentials);
    } catch (error) {
      // A failed try does not count: the next one need not wait.
      await this.deps.store.releaseGeneration(result.claim);
      throw error;
    }
    const postmortem = await this.deps.store.saveGenerated(incidentId, {
      markdown,
      analyzer: this.deps.analyzer.name,
      generatedBy: actor ?? 'a service',
      generatedAt: this.now(),
    });
    await this.record(incidentId, actor, {
      message: `Generated the post-mortem with the ${this.deps.analyzer.name} analyzer`,
      data: { action: 'generated', analyzer: this.deps.analyzer.name },
    });
    return postmortem;
  }

  async update(
    incidentId: string,
    markdown: string,
    actor?: string,
  ): Promise<WeComPostmortem> {
    await this.deps.incidents.get(incidentId);
    assertEditable(markdown);
    const postmortem = await this.deps.store.saveEdited(incidentId, {
      markdown,
      editedBy: actor ?? 'a service',
      editedAt: this.now(),
    });
    if (!postmortem) throw noPostmortem(incidentId);
    await this.record(incidentId, actor, {
      message: 'Edited the post-mortem',
      data: { action: 'edited', bytes: Buffer.byteLength(markdown, 'utf8') },
    });
    return postmortem;
  }

  async postToWarRoom(
    incidentId: string,
    actor?: string,
  ): Promise<WeComPostmortemPostResult> {
    await this.deps.incidents.get(incidentId);
    const postmortem = await this.require(incidentId);
    const warRoom = await this.activeWarRoom(incidentId);
    const integration = await chatIntegrationOf(
      this.deps.integrations,
      warRoom,
      'post to it',
    );
    const chat = new WarRoomChat(
      this.deps.clients.forIntegration(integration),
      warRoom.chatId,
    );
    // The post-mortem's markdown renders, but it quotes the incident, its
    // alerts and the chat: a link elsewhere, an image or a mention must not
    // reach the War Room from there. The stored text stays as written.
    const messages = messagesOf(
      neutraliseUntrustedMarkdown(postmortem.markdown, {
        allowedOrigins: [this.deps.appBaseUrl],
      }),
    );
    for (const [index, message] of messages.entries()) {
      try {
        await chat.post(message);
      } catch (error) {
        const reason = `Posting the post-mortem to the War Room stopped after ${index} of ${
          messages.length
        } messages: ${describeWeComFailure(error)}`;
        await this.record(incidentId, actor, {
          message: reason,
          data: { action: 'post-failed', chatId: warRoom.chatId },
        });
        // The reason is in the message; a cause would repeat it.
        throw new PostmortemUpstreamError(
          `${reason} Post again to send it whole.`,
        );
      }
    }
    const posted = await this.deps.store.markPosted(incidentId, {
      postedBy: actor ?? 'a service',
      postedAt: this.now(),
    });
    await this.record(incidentId, actor, {
      message: `Posted the post-mortem to the War Room (${
        messages.length === 1 ? '1 message' : `${messages.length} messages`
      })`,
      data: {
        action: 'posted',
        chatId: warRoom.chatId,
        messages: messages.length,
      },
    });
    return { postmortem: posted ?? postmortem, messages: messages.length };
  }

  async file(incidentId: string): Promise<WeComPostmortemFile> {
    const postmortem = await this.get(incidentId);
    return {
      fileName: `postmortem-${fileSafe(incidentId).slice(0, 8)}.md`,
      markdown: postmortem.markdown,
    };
  }

  /** The analyzer's post-mortem; its failure is a 502 that says so. */
  private async write(
    incident: WeComIncident,
    catalogAs: BackstageCredentials | undefined,
  ): Promise<string> {
    const { analyzer, contextBuilder } = this.deps;
    const reads = contextBuilder.confinedTo(incident, { catalogAs });
    let markdown: string;
    try {
      const [context, lines] = await Promise.all([
        reads.forIncident(incident),
        this.deps.conversations.forIncident(incident.id),
      ]);
      // As for the bot: words of members Backstage does not know never
      // steer the model.
      const conversation = lines.filter(
        line => line.from === 'bot' || line.entityRef,
      );
      ({ markdown } = await analyzer.writePostmortem(
        { context, conversation },
        { data: reads.dataSource },
      ));
    } catch (error) {
      const reason = isError(error) ? error.message : String(error);
      this.deps.logger.warn(
        `The ${analyzer.name} analyzer could not write the post-mortem of incident ${incident.id}: ${reason}`,
      );
      throw new PostmortemUpstreamError(
        `The ${analyzer.name} analyzer could not write the post-mortem: ${reason}. Try again.`,
      );
    }
    if (!markdown?.trim()) {
      throw new PostmortemUpstreamError(
        `The ${analyzer.name} analyzer wrote an empty post-mortem. Try again.`,
      );
    }
    // A long conversation can make a model write more than may be stored;
    // keep what fits so people can edit it down.
    return fitText(markdown, { bytes: WECOM_POSTMORTEM_MAX_BYTES }).text;
  }

  private rateLimited(
    now: DateTime,
    lastStartedAt: DateTime,
    retryAt: DateTime,
  ): PostmortemRateLimitedError {
    const wait = Math.max(1, Math.ceil(retryAt.diff(now).as('seconds')));
    const ago = Math.max(0, Math.floor(now.diff(lastStartedAt).as('seconds')));
    return new PostmortemRateLimitedError(
      `The post-mortem of this incident was generated ${ago} seconds ago; generate it again in ${wait} seconds (at ${retryAt.toISO()}). One generation per ${this.deps.minInterval.as(
        'seconds',
      )} seconds per incident (wecom.aiSre.postmortem.minIntervalSeconds).`,
      wait,
    );
  }

  /** The incident's War Room if it is active; ConflictError says why not. */
  private async activeWarRoom(incidentId: string): Promise<WeComWarRoom> {
    let warRoom: WeComWarRoom;
    try {
      warRoom = await this.deps.warRooms.get(incidentId);
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new ConflictError(
          `Incident ${incidentId} has no War Room to post the post-mortem to; create one, or download the post-mortem instead`,
        );
      }
      throw error;
    }
    if (warRoom.status === 'dismissed') {
      throw new ConflictError(
        `The War Room of incident ${incidentId} was dismissed; reopen it to post the post-mortem there`,
      );
    }
    if (warRoom.status !== 'active') {
      throw new ConflictError(
        `The War Room of incident ${incidentId} is not finished; finish creating it, then post the post-mortem`,
      );
    }
    return warRoom;
  }

  private async require(incidentId: string): Promise<WeComPostmortem> {
    const postmortem = await this.deps.store.get(incidentId);
    if (!postmortem) throw noPostmortem(incidentId);
    return postmortem;
  }

  /** Adds a `postmortem` timeline entry; a failure is logged, not thrown. */
  private record(
    incidentId: string,
    actor: string | undefined,
    entry: { message: string; data: Record<string, unknown> },
  ) {
    return recordTimelineEntry(this.deps, incidentId, {
      kind: TIMELINE_KIND,
      actor,
      ...entry,
    });
  }
}

/** The text as `appchat/send` markdown messages, numbered when several. */
function messagesOf(markdown: string): string[] {
  const whole = splitMarkdown(markdown, MARKDOWN_MAX_BYTES);
  if (whole.length === 1) return whole;
  const parts = splitMarkdown(markdown, MARKDOWN_MAX_BYTES - PART_LABEL_BYTES);
  return parts.map(
    (part, index) => `> Post-mortem ${index + 1}/${parts.length}\n${part}`,
  );
}

function assertEditable(markdown: string) {
  if (!markdown.trim()) {
    throw new InputError('The post-mortem must not be empty');
  }
  const bytes = Buffer.byteLength(markdown, 'utf8');
  if (bytes > WECOM_POSTMORTEM_MAX_BYTES) {
    throw new InputError(
      `The post-mortem is ${bytes} bytes; at most ${WECOM_POSTMORTEM_MAX_BYTES} bytes (100 KB) are allowed`,
    );
  }
}

function noPostmortem(incidentId: string) {
  return new NotFoundError(
    `Incident ${incidentId} has no post-mortem yet; generate it once the incident is closed`,
  );
}

/** An id as it may appear in a file name (a header value, too). */
function fileSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}
