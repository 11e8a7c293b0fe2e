import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  WeComIncident,
  WeComWarRoomMemberRole,
} from 'backstage-plugin-wecom-common';
import { LinkStore } from '../linking/LinkStore';
import { CatalogResponderDirectory } from '../recipients/CatalogResponderDirectory';
import { OnCallResponders } from '../recipients/types';

/** A person who can be in the group: a user with a WeCom member. */
export interface LinkedPerson {
  entityRef: string;
  wecomUserId: string;
  role: WeComWarRoomMemberRole;
}

/** Who belongs in a War Room, and who cannot be in it. */
export interface ResolvedMembers {
  /** Each WeCom member once, requester first, then responders, then followers. */
  linked: LinkedPerson[];
  /** User refs with no WeCom member in the integration. */
  unlinked: string[];
  /** Findings such as unknown groups or an entity without owner. */
  notes: string[];
}

/**
 * Resolves the people of a War Room like notifications resolve recipients:
 * the incident's responders (else whoever is on call for its entity, the
 * same answer the cards page; groups expand to their members), the requester, and extra people (followers), each
 * mapped to the WeCom member they are linked to in the integration. Opt-out
 * preferences do not apply: a War Room is a chat, not a page.
 */
export class WarRoomMembers {
  constructor(
    private readonly deps: {
      directory: Pick<CatalogResponderDirectory, 'expand'>;
      onCall: OnCallResponders;
      links: Pick<LinkStore, 'listByUsers'>;
    },
  ) {}

  async resolve(options: {
    incident: WeComIncident;
    integrationId: string;
    requester?: string;
    /** User or group refs of followers. */
    extra?: string[];
    /** Leave the responders out (inviting followers only). */
    skipResponders?: boolean;
  }): Promise<ResolvedMembers> {
    const notes: string[] = [];
    const byRole: Array<[WeComWarRoomMemberRole, string[]]> = [];
    const requester = userRef(options.requester);
    if (requester) byRole.push(['requester', [requester]]);
    if (!options.skipResponders) {
      const responders = await this.responders(options.incident);
      notes.push(...responders.notes);
      byRole.push(['responder', responders.users]);
    }
    if (options.extra?.length) {
      const followers = await this.deps.directory.expand(options.extra);
      notes.push(...followers.notes);
      byRole.push(['follower', followers.users]);
    }

    // Only these people's links: an integration may link thousands.
    const links = await this.deps.links.listByUsers(
      options.integrationId,
      byRole.flatMap(([, users]) => users),
    );
    const memberOf = new Map(
      links.map(link => [
        link.entityRef.toLocaleLowerCase('en-US'),
        link.wecomUserId,
      ]),
    );
    const result: ResolvedMembers = { linked: [], unlinked: [], notes };
    const seenUsers = new Set<string>();
    const seenMembers = new Set<string>();
    for (const [role, users] of byRole) {
      for (const user of users) {
        if (seenUsers.has(user)) continue;
        seenUsers.add(user);
        const wecomUserId = memberOf.get(user);
        if (!wecomUserId) {
          result.unlinked.push(user);
        } else if (!seenMembers.has(wecomUserId)) {
          seenMembers.add(wecomUserId);
          result.linked.push({ entityRef: user, wecomUserId, role });
        }
      }
    }
    return result;
  }

  /** The explicit responders, else who is on call for the entity; as users. */
  private async responders(
    incident: WeComIncident,
  ): Promise<{ users: string[]; notes: string[] }> {
    let refs = incident.responders;
    const notes: string[] = [];
    if (refs.length === 0) {
      if (!incident.entityRef) {
        return {
          users: [],
          notes: ['the incident names no responders and no entity'],
        };
      }
      const onCall = await this.deps.onCall.onCallFor(incident.entityRef);
      refs = onCall.users;
      notes.push(...onCall.notes);
    }
    const expanded = await this.deps.directory.expand(refs);
    return { users: expanded.users, notes: [...notes, ...expanded.notes] };
  }
}

/** A user ref in the catalog's lower-case form; undefined for anything else. */
function userRef(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const ref = parseEntityRef(raw, { defaultKind: 'user' });
    if (ref.kind.toLocaleLowerCase('en-US') !== 'user') return undefined;
    return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}
