import { NotFoundError } from '@backstage/errors';
import {
  WeComIncident,
  WeComWarRoom,
  WeComWarRoomCreateRequest,
  WeComWarRoomAvailability,
  WeComWarRoomQuery,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { IncidentService } from '../incidents/IncidentService';
import { IntegrationService } from '../integrations/IntegrationService';
import { WeComIntegration } from '../integrations/types';
import { WeComClientProvider } from '../integrations/WeComClientProvider';
import { chatIntegrationOf } from './chatIntegrationOf';
import { recordWarRoomEntry } from './recordWarRoomEntry';
import { WarRoomChat } from './WarRoomChat';
import {
  WarRoomCreationSteps,
  WarRoomPostingDeps,
} from './WarRoomCreationSteps';
import { describeWeComFailure } from './warRoomErrors';
import {
  warRoomIntegration,
  warRoomUnavailableReason,
} from './warRoomIntegration';
import { invitationEntryData, inviteToChat } from './warRoomInvitations';
import { WAR_ROOM_LEASE, WarRoomLeases } from './warRoomLease';
import { ResolvedMembers, WarRoomMembers } from './WarRoomMembers';
import { WarRoomNamer } from './WarRoomNamer';
import { newWarRoom } from './newWarRoom';
import { closingPost, incidentUrl, reopenedPost } from './warRoomPosts';
import { WarRoomLease, WarRoomStore } from './WarRoomStore';
import {
  assertActive,
  assertEnoughMembers,
  describeInvited,
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
   * Whether War Rooms can be made at all (an integration has them enabled
   * and is a custom app), and if not why: the incident page shows the
   * reason instead of a Create button that could only fail.
   */
  availability(): Promise<WeComWarRoomAvailability>;
  /**
   * Invites responders not yet in an active War Room (after the incident's
   * responders changed); nothing when it has none or it is not active.
   */
  syncResponders(incidentId: string, actor?: string): Promise<void>;
}

/** {@link WarRoomService} over the store, the WeCom clients and the incidents. */
export class DefaultWarRoomService implements WarRoomService {
  private readonly now: () => DateTime;
  private readonly leases: WarRoomLeases;
  private readonly steps: WarRoomCreationSteps;

  constructor(
    private readonly deps: WarRoomPostingDeps & {
      store: WarRoomStore;
      incidents: Pick<IncidentService, 'get' | 'addTimelineEntry'>;
      integrations: Pick<IntegrationService, 'list' | 'get'>;
      clients: Pick<WeComClientProvider, 'forIntegration'>;
      members: Pick<WarRoomMembers, 'resolve'>;
      namer: Pick<WarRoomNamer, 'name'>;
      now?: () => DateTime;
    },
  ) {
    this.now = deps.now ?? (() => DateTime.utc());
    this.leases = new WarRoomLeases(deps.store, this.now);
    this.steps = new WarRoomCreationSteps(deps);
  }

  async get(incidentId: string): Promise<WeComWarRoom> {
    await this.deps.incidents.get(incidentId);
    return this.require(incidentId);
  }

  list(query: WeComWarRoomQuery): Promise<WeComWarRoom[]> {
    return this.deps.store.list(query);
  }

  async availability(): Promise<WeComWarRoomAvailability> {
    const reason = await warRoomUnavailableReason(this.deps.integrations);
    return reason ? { available: false, reason } : { available: true };
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
    let warRoom = await this.leases.withLease(stopped, async lease => {
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
        return this.steps.run(
          lease,
          resumed,
          incident,
          this.chat(resumed, integration),
          {
            actor: requester,
            notes: [],
          },
        );
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
    return this.leases.withLease(existing, async lease => {
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
    await this.leases.withLease(existing, async lease => {
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
    return this.leases.withLease(existing, async lease => {
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
    const integration = await warRoomIntegration(this.deps.integrations);
    const resolved = await this.deps.members.resolve({
      incident,
      integrationId: integration.id,
      requester,
      extra: request.members,
    });
    assertEnoughMembers(resolved);
    const now = this.now();
    const warRoom = newWarRoom({
      incident,
      integration,
      resolved,
      name: request.name ?? this.deps.namer.name(incident),
      requester,
      now,
    });
    const lease = await this.deps.store.insert(
      warRoom,
      now.plus(WAR_ROOM_LEASE),
    );
    if (!lease) return undefined;
    return this.leases.holding(lease, () =>
      this.steps.run(
        lease,
        warRoom,
        incident,
        this.chat(warRoom, integration),
        {
          actor: requester,
          notes: resolved.notes,
        },
      ),
    );
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
      data: invitationEntryData(warRoom, added, 'reopened'),
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
      data: invitationEntryData(warRoom, added, 'invited'),
    });
    return updated;
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

  private addToChat(
    chat: WarRoomChat,
    warRoom: WeComWarRoom,
    resolved: ResolvedMembers,
  ) {
    return inviteToChat(chat, warRoom, resolved, this.now());
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

  private record(
    incidentId: string,
    actor: string | undefined,
    entry: { message: string; data: Record<string, unknown> },
  ) {
    return recordWarRoomEntry(this.deps, incidentId, actor, entry);
  }
}
