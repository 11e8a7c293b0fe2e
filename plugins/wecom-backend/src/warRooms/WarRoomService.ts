import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  WeComIncident,
  WeComWarRoom,
  WeComWarRoomCreateRequest,
  WeComWarRoomMember,
  WeComWarRoomQuery,
  WeComWarRoomStep,
} from 'backstage-plugin-wecom-common';
import { DateTime, Duration } from 'luxon';
import { WeComIncidentAnalyzer } from 'backstage-plugin-wecom-node';
import { ConfinedIncidentContexts } from '../aiSre/IncidentContextBuilder';
import { fitText } from '../text/fitText';
import { neutraliseUntrustedMarkdown } from '../text/wecomMarkdown';
import { IncidentService } from '../incidents/IncidentService';
import { recordTimelineEntry } from '../incidents/recordTimelineEntry';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComIntegration } from '../integrations/types';
import { WeComClientProvider } from '../integrations/WeComClientProvider';
import { chatIntegrationOf } from './chatIntegrationOf';
import { WarRoomChat } from './WarRoomChat';
import { warRoomChatId } from './warRoomChatId';
import { WarRoomUpstreamError, describeWeComFailure } from './warRoomErrors';
import { ResolvedMembers, WarRoomMembers } from './WarRoomMembers';
import { WarRoomNamer } from './WarRoomNamer';
import {
  MARKDOWN_MAX_BYTES,
  closingPost,
  incidentUrl,
  reopenedPost,
  summaryPost,
} from './warRoomPosts';
import { WarRoomLease, WarRoomStore } from './WarRoomStore';
import {
  assertActive,
  assertEnoughMembers,
  describeCreated,
  describeInvited,
  memberOf,
  sentence,
} from './warRoomRules';

/**
 * The War Rooms of incidents: one WeCom group chat per incident, created in
 * steps that a repeated request resumes, following the incident's
 * responders while active. The router, the AI actions and the member sync
 * use this.
 */
export interface WarRoomService {
  /** NotFoundError when the incident is unknown or has no War Room. */
  get(incidentId: string): Promise<WeComWarRoom>;
  /**
   * Creates the War Room, finishes one that stopped part-way, or reopens a
   * dismissed one (`created` true); an active one is answered as it is,
   * after inviting `request.members` (`created` false).
   */
  create(
    incidentId: string,
    request: WeComWarRoomCreateRequest,
    requester?: string,
  ): Promise<{ warRoom: WeComWarRoom; created: boolean }>;
  /** Invites followers (user or group refs) into an active War Room. */
  invite(
    incidentId: string,
    members: string[],
    actor?: string,
  ): Promise<WeComWarRoom>;
  /** Dismisses the War Room (idempotent); the WeCom group stays. */
  dismiss(incidentId: string, actor?: string): Promise<WeComWarRoom>;
  /** Newest first. */
  list(query: WeComWarRoomQuery): Promise<WeComWarRoom[]>;
  /**
   * Invites responders not yet in an active War Room (after the incident's
   * responders changed); nothing when it has none or it is not active.
   */
  syncResponders(incidentId: string, actor?: string): Promise<void>;
}

const STEPS: WeComWarRoomStep[] = ['createChat', 'postSummary', 'postAnalysis'];

// Long enough for every step with WeCom's retries; a crashed worker's
// War Room is free again after it.
const LEASE = Duration.fromObject({ minutes: 5 });

const NO_INTEGRATION =
  "No integration has War Room enabled: turn on 'Enable War Room' on your custom-app integration (Settings → WeCom)";

/** {@link WarRoomService} over the store, the WeCom clients and the incidents. */
export class DefaultWarRoomService implements WarRoomService {
  private readonly now: () => DateTime;

  constructor(
    private readonly deps: {
      store: WarRoomStore;
      incidents: Pick<IncidentService, 'get' | 'addTimelineEntry'>;
      integrations: Pick<IntegrationService, 'list' | 'get'>;
      clients: Pick<WeComClientProvider, 'forIntegration'>;
      members: Pick<WarRoomMembers, 'resolve'>;
      namer: Pick<WarRoomNamer, 'name'>;
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
      now?: () => DateTime;
    },
  ) {
    this.now = deps.now ?? (() => DateTime.utc());
  }

  async get(incidentId: string): Promise<WeComWarRoom> {
    await this.deps.incidents.get(incidentId);
    return this.require(incidentId);
  }

  list(query: WeComWarRoomQuery): Promise<WeComWarRoom[]> {
    return this.deps.store.list(query);
  }

  async create(
    incidentId: string,
    request: WeComWarRoomCreateRequest,
    requester?: string,
  ): Promise<{ warRoom: WeComWarRoom; created: boolean }> {
    const incident = await this.deps.incidents.get(incidentId);
    let existing = await this.deps.store.get(incidentId);
    if (!existing) {
      const started = await this.start(incident, request, requester);
      if (started) return { warRoom: started, created: true };
      // Another request inserted it first: go on with theirs.
      existing = (await this.deps.store.get(incidentId))!;
    }
    if (existing.status === 'active') {
      const warRoom = request.members?.length
        ? await this.invite(incidentId, request.members, requester)
        : existing;
      return { warRoom, created: false };
    }

    const stopped = existing;
    let warRoom = await this.withLease(stopped, async lease => {
      const integration = await this.integrationOf(stopped);
      if (stopped.pendingSteps.length > 0) {
        // Stopped part-way (and maybe dismissed since): finish the job.
        const resumed = await this.deps.store.update(
          lease,
          {
            status: 'creating',
            dismissedBy: undefined,
            dismissedAt: undefined,
          },
          { keepLease: true },
        );
        return this.runSteps(lease, resumed, incident, integration, {
          actor: requester,
          notes: [],
        });
      }
      return this.reopen(lease, stopped, incident, integration, requester);
    });
    if (request.members?.length) {
      warRoom = await this.invite(incidentId, request.members, requester);
    }
    return { warRoom, created: true };
  }

  async invite(
    incidentId: string,
    members: string[],
    actor?: string,
  ): Promise<WeComWarRoom> {
    const incident = await this.deps.incidents.get(incidentId);
    const existing = await this.require(incidentId);
    assertActive(existing);
    return this.withLease(existing, async lease => {
      const integration = await this.integrationOf(existing);
      const resolved = await this.deps.members.resolve({
        incident,
        integrationId: integration.id,
        extra: members,
        skipResponders: true,
      });
      return this.addPeople(lease, existing, integration, resolved, actor);
    });
  }

  async syncResponders(incidentId: string, actor?: string): Promise<void> {
    const existing = await this.deps.store.get(incidentId);
    if (existing?.status !== 'active') return;
    const incident = await this.deps.incidents.get(incidentId);
    await this.withLease(existing, async lease => {
      const integration = await this.integrationOf(existing);
      const resolved = await this.deps.members.resolve({
        incident,
        integrationId: integration.id,
      });
      return this.addPeople(lease, existing, integration, resolved, actor);
    });
  }

  async dismiss(incidentId: string, actor?: string): Promise<WeComWarRoom> {
    const incident = await this.deps.incidents.get(incidentId);
    const existing = await this.require(incidentId);
    if (existing.status === 'dismissed') return existing;
    return this.withLease(existing, async lease => {
      const dismissedBy = actor ?? 'a service';
      let postFailure: string | undefined;
      if (!existing.pendingSteps.includes('createChat')) {
        try {
          const integration = await this.integrationOf(existing);
          await this.chat(existing, integration).post(
            closingPost({
              incident,
              dismissedBy,
              url: this.incidentUrl(incidentId),
            }),
          );
        } catch (error) {
          // The War Room is dismissed all the same: the post is a courtesy.
          postFailure = describeWeComFailure(error);
          this.deps.logger.warn(
            `The closing post of the War Room of incident ${incidentId} failed: ${postFailure}`,
          );
        }
      }
      const dismissed = await this.deps.store.update(lease, {
        status: 'dismissed',
        dismissedBy: actor,
        dismissedAt: this.now().toISO()!,
      });
      await this.record(incidentId, actor, {
        message: postFailure
          ? `Dismissed the War Room; the WeCom group stays. The closing post failed: ${postFailure}`
          : 'Dismissed the War Room; the WeCom group stays',
        data: { chatId: existing.chatId, action: 'dismissed' },
      });
      return dismissed;
    });
  }

  /**
   * Inserts a new War Room and runs its steps; undefined when another
   * request inserted one first. Refuses before any WeCom call when fewer
   * than 2 people are linked.
   */
  private async start(
    incident: WeComIncident,
    request: WeComWarRoomCreateRequest,
    requester: string | undefined,
  ): Promise<WeComWarRoom | undefined> {
    const integration = await this.warRoomIntegration();
    const resolved = await this.deps.members.resolve({
      incident,
      integrationId: integration.id,
      requester,
      extra: request.members,
    });
    assertEnoughMembers(resolved);
    const now = this.now();
    const owner =
      resolved.linked.find(person => person.role === 'requester') ??
      resolved.linked[0];
    const warRoom: WeComWarRoom = {
      incidentId: incident.id,
      integrationId: integration.id,
      chatId: warRoomChatId(integration.id, incident.id),
      name: request.name ?? this.deps.namer.name(incident),
      status: 'creating',
      owner: { entityRef: owner.entityRef, wecomUserId: owner.wecomUserId },
      members: resolved.linked.map(person => memberOf(person, now)),
      unlinked: resolved.unlinked,
      entityRef: incident.entityRef,
      pendingSteps: [...STEPS],
      createdBy: requester ?? 'a service',
      createdAt: now.toISO()!,
      updatedAt: now.toISO()!,
    };
    const lease = await this.deps.store.insert(warRoom, now.plus(LEASE));
    if (!lease) return undefined;
    return this.holding(lease, () =>
      this.runSteps(lease, warRoom, incident, integration, {
        actor: requester,
        notes: resolved.notes,
      }),
    );
  }

  /**
   * Runs the pending steps in order, storing each as done before the next.
   * A failing step stops the run: its reason is stored and answered as a
   * 502; a repeated request resumes at that step.
   */
  private async runSteps(
    lease: WarRoomLease,
    warRoom: WeComWarRoom,
    incident: WeComIncident,
    integration: WeComIntegration,
    context: { actor?: string; notes: string[] },
  ): Promise<WeComWarRoom> {
    const chat = this.chat(warRoom, integration);
    let current = warRoom;
    for (const step of STEPS) {
      if (!current.pendingSteps.includes(step)) continue;
      try {
        await this.runStep(step, current, incident, chat);
      } catch (error) {
        const message = `War Room creation stopped at step ${step}: ${sentence(
          describeWeComFailure(error),
        )} Create the War Room again to finish.`;
        await this.deps.store.update(lease, { lastError: message });
        await this.record(incident.id, context.actor, {
          message,
          data: { chatId: warRoom.chatId, step, action: 'failed' },
        });
        throw new WarRoomUpstreamError(message, error as Error);
      }
      const pendingSteps = current.pendingSteps.filter(s => s !== step);
      const done = pendingSteps.length === 0;
      current = await this.deps.store.update(
        lease,
        done
          ? { pendingSteps, status: 'active', lastError: undefined }
          : { pendingSteps },
        { keepLease: !done },
      );
      if (step === 'createChat') {
        await this.record(incident.id, context.actor, {
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
      current = await this.deps.store.update(lease, {
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
          url: this.incidentUrl(incident.id),
        }),
      );
    } else {
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

  /** A dismissed War Room comes back: members synced, a post says so. */
  private async reopen(
    lease: WarRoomLease,
    warRoom: WeComWarRoom,
    incident: WeComIncident,
    integration: WeComIntegration,
    requester: string | undefined,
  ): Promise<WeComWarRoom> {
    const resolved = await this.deps.members.resolve({
      incident,
      integrationId: integration.id,
      requester,
    });
    const chat = this.chat(warRoom, integration);
    const added = await this.addToChat(chat, warRoom, resolved);
    let postFailure: string | undefined;
    try {
      await chat.post(
        reopenedPost({
          incident,
          reopenedBy: requester ?? 'a service',
          url: this.incidentUrl(incident.id),
        }),
      );
    } catch (error) {
      postFailure = describeWeComFailure(error);
      this.deps.logger.warn(
        `The reopening post of the War Room of incident ${incident.id} failed: ${postFailure}`,
      );
    }
    const reopened = await this.deps.store.update(lease, {
      status: 'active',
      members: added.members,
      unlinked: added.unlinked,
      dismissedBy: undefined,
      dismissedAt: undefined,
      lastError: undefined,
    });
    const parts = ['Reopened the War Room'];
    const invited = describeInvited(added.invited, added.newlyUnlinked);
    if (invited) parts.push(invited);
    if (postFailure) parts.push(`the reopening post failed: ${postFailure}`);
    await this.record(incident.id, requester, {
      message: parts.join('; '),
      data: {
        chatId: warRoom.chatId,
        action: 'reopened',
        invited: added.invited.map(m => m.entityRef),
        unlinked: added.newlyUnlinked,
      },
    });
    return reopened;
  }

  /** Adds resolved people the War Room lacks, and records who. */
  private async addPeople(
    lease: WarRoomLease,
    warRoom: WeComWarRoom,
    integration: WeComIntegration,
    resolved: ResolvedMembers,
    actor: string | undefined,
  ): Promise<WeComWarRoom> {
    const added = await this.addToChat(
      this.chat(warRoom, integration),
      warRoom,
      resolved,
    );
    if (added.invited.length === 0 && added.newlyUnlinked.length === 0) {
      return this.deps.store.update(lease, {});
    }
    const updated = await this.deps.store.update(lease, {
      members: added.members,
      unlinked: added.unlinked,
    });
    await this.record(warRoom.incidentId, actor, {
      message: describeInvited(added.invited, added.newlyUnlinked)!,
      data: {
        chatId: warRoom.chatId,
        action: 'invited',
        invited: added.invited.map(m => m.entityRef),
        unlinked: added.newlyUnlinked,
      },
    });
    return updated;
  }

  /**
   * Invites the linked people not yet in the chat (`appchat/update`); never
   * removes anyone, people who helped stay. A WeCom failure is a 502.
   */
  private async addToChat(
    chat: WarRoomChat,
    warRoom: WeComWarRoom,
    resolved: ResolvedMembers,
  ): Promise<{
    members: WeComWarRoomMember[];
    unlinked: string[];
    invited: WeComWarRoomMember[];
    newlyUnlinked: string[];
  }> {
    const now = this.now();
    const inChat = new Set(warRoom.members.map(m => m.wecomUserId));
    const invited = resolved.linked
      .filter(person => !inChat.has(person.wecomUserId))
      .map(person => memberOf(person, now));
    try {
      await chat.addMembers(invited.map(member => member.wecomUserId));
    } catch (error) {
      throw new WarRoomUpstreamError(
        `Could not invite ${invited
          .map(m => m.wecomUserId)
          .join(', ')} to the War Room: ${describeWeComFailure(error)}`,
        error as Error,
      );
    }
    const members = [...warRoom.members, ...invited];
    const memberRefs = new Set(members.map(m => m.entityRef));
    const newlyUnlinked = resolved.unlinked.filter(
      ref => !warRoom.unlinked.includes(ref) && !memberRefs.has(ref),
    );
    const unlinked = [...warRoom.unlinked, ...newlyUnlinked].filter(
      ref => !memberRefs.has(ref),
    );
    return { members, unlinked, invited, newlyUnlinked };
  }

  /** The one integration with War Room enabled; it must be a custom app. */
  private async warRoomIntegration(): Promise<WeComIntegration> {
    const integration = (await this.deps.integrations.list()).find(
      i => i.warRoom.enabled,
    );
    if (!integration) throw new ConflictError(NO_INTEGRATION);
    if (integration.mode !== 'customApp') {
      throw new ConflictError(
        `War Rooms need a custom app, but integration "${integration.name}" (${integration.id}) is a third-party app: WeCom lets only self-built apps whose visible range is the root department create group chats. Enable War Room on a custom-app integration instead.`,
      );
    }
    return integration;
  }

  /** The integration whose app made the chat: only it may manage it. */
  private integrationOf(warRoom: WeComWarRoom) {
    return chatIntegrationOf(this.deps.integrations, warRoom, 'manage it');
  }

  private async require(incidentId: string): Promise<WeComWarRoom> {
    const warRoom = await this.deps.store.get(incidentId);
    if (!warRoom) {
      throw new NotFoundError(`Incident ${incidentId} has no War Room`);
    }
    return warRoom;
  }

  /** Runs `fn` holding the War Room's lease; 409 when someone else holds it. */
  private async withLease<T>(
    warRoom: WeComWarRoom,
    fn: (lease: WarRoomLease) => Promise<T>,
  ): Promise<T> {
    const now = this.now();
    const lease = await this.deps.store.claim(
      warRoom.incidentId,
      now,
      now.plus(LEASE),
    );
    if (!lease) {
      throw new ConflictError(
        warRoom.status === 'creating'
          ? 'War Room creation is in progress; try again in a moment'
          : 'The War Room is being changed by another request; try again in a moment',
      );
    }
    return this.holding(lease, () => fn(lease));
  }

  /** Lets the lease go when `fn` fails before it did. */
  private async holding<T>(
    lease: WarRoomLease,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      // Already released (the usual case) or taken over: nothing to do.
      await this.deps.store.update(lease, {}).catch(() => undefined);
      throw error;
    }
  }

  private chat(warRoom: WeComWarRoom, integration: WeComIntegration) {
    return new WarRoomChat(
      this.deps.clients.forIntegration(integration),
      warRoom.chatId,
    );
  }

  private incidentUrl(incidentId: string) {
    return incidentUrl(this.deps.appBaseUrl, incidentId);
  }

  /** Adds a `war-room` timeline entry; a failure is logged, not thrown. */
  private record(
    incidentId: string,
    actor: string | undefined,
    entry: { message: string; data: Record<string, unknown> },
  ) {
    return recordTimelineEntry(this.deps, incidentId, {
      kind: 'war-room',
      actor,
      ...entry,
    });
  }
}
