import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WeComIncident,
  WeComWarRoom,
  WeComWarRoomStep,
} from 'backstage-plugin-wecom-common';
import { WeComIncidentAnalyzer } from 'backstage-plugin-wecom-node';
import { ConfinedIncidentContexts } from '../aiSre/IncidentContextBuilder';
import { fitText } from '../text/fitText';
import { IncidentService } from '../incidents/IncidentService';
import { neutraliseUntrustedMarkdown } from '../text/wecomMarkdown';
import { recordWarRoomEntry } from './recordWarRoomEntry';
import { WarRoomChat } from './WarRoomChat';
import { WarRoomUpstreamError, describeWeComFailure } from './warRoomErrors';
import { MARKDOWN_MAX_BYTES, incidentUrl, summaryPost } from './warRoomPosts';
import { describeCreated, sentence } from './warRoomRules';
import { WarRoomLease, WarRoomStore } from './WarRoomStore';

/** The steps of a War Room's creation, in order. */
export const WAR_ROOM_STEPS: WeComWarRoomStep[] = [
  'createChat',
  'postSummary',
  'postAnalysis',
];

/** What the War Room's posts are written with. */
export interface WarRoomPostingDeps {
  /** Writes the analysis posted after the summary. */
  analyzer: WeComIncidentAnalyzer;
  /**
   * Gathers what the analyzer reads about the incident, and nothing
   * else: the post reaches members without `wecom.incident.read`.
   */
  contexts: ConfinedIncidentContexts;
  /** The Backstage app, for links to the incident page. */
  appBaseUrl: string;
  logger: LoggerService;
}

/**
 * Runs a War Room's pending creation steps: the chat, the summary post and
 * the analysis post.
 */
export class WarRoomCreationSteps {
  constructor(
    private readonly deps: WarRoomPostingDeps & {
      store: Pick<WarRoomStore, 'update'>;
      incidents: Pick<IncidentService, 'addTimelineEntry'>;
    },
  ) {}

  /**
   * Runs the pending steps in order, storing each as done before the next.
   * A failing step stops the run: its reason is stored and answered as a
   * 502; a repeated request resumes at that step.
   */
  async run(
    lease: WarRoomLease,
    warRoom: WeComWarRoom,
    incident: WeComIncident,
    chat: WarRoomChat,
    context: { actor?: string; notes: string[] },
  ): Promise<WeComWarRoom> {
    const { store } = this.deps;
    let current = warRoom;
    for (const step of WAR_ROOM_STEPS) {
      if (!current.pendingSteps.includes(step)) continue;
      try {
        await this.runStep(step, current, incident, chat);
      } catch (error) {
        const message = `War Room creation stopped at step ${step}: ${sentence(
          describeWeComFailure(error),
        )} Create the War Room again to finish.`;
        await store.update(lease, { lastError: message });
        await recordWarRoomEntry(this.deps, incident.id, context.actor, {
          message,
          data: { chatId: warRoom.chatId, step, action: 'failed' },
        });
        throw new WarRoomUpstreamError(message, error as Error);
      }
      const pendingSteps = current.pendingSteps.filter(s => s !== step);
      const done = pendingSteps.length === 0;
      current = await store.update(
        lease,
        done
          ? { pendingSteps, status: 'active', lastError: undefined }
          : { pendingSteps },
        { keepLease: !done },
      );
      if (step === 'createChat') {
        await recordWarRoomEntry(this.deps, incident.id, context.actor, {
          message: describeCreated(current, context.notes),
          data: {
            chatId: current.chatId,
            action: 'created',
            members: current.members.map(m => m.entityRef),
            unlinked: current.unlinked,
          },
        });
      }
    }
    if (current.status !== 'active') {
      current = await store.update(lease, {
        status: 'active',
        lastError: undefined,
      });
    }
    return current;
  }

  private async runStep(
    step: WeComWarRoomStep,
    warRoom: WeComWarRoom,
    incident: WeComIncident,
    chat: WarRoomChat,
  ): Promise<void> {
    if (step === 'createChat') {
      const { adopted } = await chat.create({
        name: warRoom.name,
        owner: warRoom.owner?.wecomUserId ?? warRoom.members[0].wecomUserId,
        userlist: warRoom.members.map(member => member.wecomUserId),
      });
      if (adopted) {
        this.deps.logger.info(
          `The War Room chat ${warRoom.chatId} of incident ${incident.id} existed already (an earlier attempt made it); using it`,
        );
      }
    } else if (step === 'postSummary') {
      await chat.post(
        summaryPost({
          incident,
          responders: warRoom.members
            .filter(member => member.role === 'responder')
            .map(member => member.entityRef),
          unlinked: warRoom.unlinked,
          url: incidentUrl(this.deps.appBaseUrl, incident.id),
        }),
      );
    } else {
      await this.postAnalysis(incident, chat);
    }
  }

  private async postAnalysis(incident: WeComIncident, chat: WarRoomChat) {
    const reads = this.deps.contexts.confinedTo(incident);
    const context = await reads.forIncident(incident);
    const { markdown } = await this.deps.analyzer.analyzeIncident(context, {
      data: reads.dataSource,
    });
    // A model's analysis may quote the alert's text: its links stay links
    // only to Backstage and the entity's own catalog links.
    const safe = neutraliseUntrustedMarkdown(markdown, {
      allowedOrigins: [
        this.deps.appBaseUrl,
        ...(context.entity?.links ?? []).map(link => link.url),
      ],
    });
    await chat.post(fitText(safe, { bytes: MARKDOWN_MAX_BYTES }).text);
  }
}
