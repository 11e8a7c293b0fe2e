import { WeComIncident } from 'backstage-plugin-wecom-common';
import { LinkStore } from '../linking/LinkStore';
import { CatalogResponderDirectory } from './CatalogResponderDirectory';
import { PreferencesStore } from './PreferencesStore';
import { OnCallResponders, RecipientResolver, RecipientSet } from './types';

/** A {@link RecipientSet} with what the timeline should say about it. */
export interface ResolvedRecipients extends RecipientSet {
  /** Where the responders came from, in plain words. */
  basis: string;
  /** Findings such as unknown groups or an entity without owner. */
  notes: string[];
}

/**
 * Responders → WeCom members of one integration. Responders are the given
 * targets, else the incident's `responders`, else whoever is on call for
 * its entity now (`oncall/`: its policy, its owners' schedules, else its
 * owners' members); groups expand to their members. Users who turned the personal channel off
 * are `optedOut`; users with no link in the integration are `unlinked`.
 */
export class CatalogRecipientResolver implements RecipientResolver {
  constructor(
    private readonly deps: {
      directory: Pick<CatalogResponderDirectory, 'expand'>;
      onCall: OnCallResponders;
      links: Pick<LinkStore, 'listByUsers'>;
      preferences: Pick<PreferencesStore, 'optedOut'>;
    },
  ) {}

  async resolve(
    incident: WeComIncident,
    integrationId: string,
    targets?: string[],
  ): Promise<ResolvedRecipients> {
    const { refs, basis, notes } = await this.responderRefs(incident, targets);
    const expanded = await this.deps.directory.expand(refs);
    const [optedOut, links] = await Promise.all([
      this.deps.preferences.optedOut(expanded.users),
      // Only these people's links: an integration may link thousands.
      this.deps.links.listByUsers(integrationId, expanded.users),
    ]);
    const memberOf = new Map(
      links.map(link => [
        link.entityRef.toLocaleLowerCase('en-US'),
        link.wecomUserId,
      ]),
    );

    const result: ResolvedRecipients = {
      recipients: [],
      unlinked: [],
      optedOut: [],
      basis,
      notes: [...notes, ...expanded.notes],
    };
    for (const user of expanded.users) {
      const wecomUserId = memberOf.get(user);
      if (optedOut.has(user)) {
        result.optedOut.push(user);
      } else if (wecomUserId) {
        result.recipients.push({ entityRef: user, wecomUserId });
      } else {
        result.unlinked.push(user);
      }
    }
    return result;
  }

  private async responderRefs(
    incident: WeComIncident,
    targets: string[] | undefined,
  ): Promise<{ refs: string[]; basis: string; notes: string[] }> {
    if (targets) {
      return { refs: targets, basis: targets.join(', '), notes: [] };
    }
    if (incident.responders.length > 0) {
      return {
        refs: incident.responders,
        basis: `responders ${incident.responders.join(', ')}`,
        notes: [],
      };
    }
    if (!incident.entityRef) {
      return {
        refs: [],
        basis: 'no responders',
        notes: ['the incident names no responders and no entity'],
      };
    }
    const onCall = await this.deps.onCall.onCallFor(incident.entityRef);
    return { refs: onCall.users, basis: onCall.basis, notes: onCall.notes };
  }
}
