import {
  WeComEscalationPolicy,
  WeComOnCallAnswer,
  WeComOnCallEntry,
  WeComUnreachableReason,
} from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';
import { normaliseRef } from '../catalog/catalogEntities';
import { LinkStore } from '../linking/LinkStore';
import { CatalogResponderDirectory } from '../recipients/CatalogResponderDirectory';
import { PreferencesStore } from '../recipients/PreferencesStore';
import { OnCallResponders } from '../recipients/types';
import {
  EscalationPolicySource,
  ScheduleOnCall,
  ScheduleOnCallSource,
} from './contracts';

/** Someone on call, before their WeCom member is looked up. */
type Person = Omit<
  WeComOnCallEntry,
  'wecomUserId' | 'reachable' | 'unreachableReason'
>;

/** Whether a card reaches each person: their member, or why not. */
type Reach = Map<
  string,
  { wecomUserId: string | null; unreachable?: WeComUnreachableReason }
>;

/** Who is on call, why (in plain words for timelines) and what was odd. */
export interface OnCallDecision {
  now: Person[];
  /** Who takes over from the schedules that decided; undefined when none did. */
  next?: Person[];
  policyId?: string;
  basis: string;
  notes: string[];
}

/**
 * "Who is on call for payments-api now", answered the same way for the
 * route, the bot, the cards' default recipients and the War Room:
 *
 * 1. the entity's escalation policy, if one applies: its first level's
 *    targets (a schedule → whoever is on call in it, a group → its members,
 *    a user → that user);
 * 2. else the entity's owners (a group entity is its own owner): each owner
 *    group's schedules, else its members; a user owner is on call itself.
 *
 * When a policy's first level finds nobody (empty schedules, unknown
 * groups) the owners answer instead and a note says so: an incident that
 * pages nobody is worse than one that pages the team.
 *
 * Each person appears once, keeping the reason that lasts longest (a turn
 * with no end beats one that ends; of two turns the later end): they are on
 * call at least that long. People keep the order they were found in.
 * Catalog reads use the plugin's own credentials: callers check visibility.
 *
 * Someone a WeCom card cannot reach (gone from the catalog, cards turned
 * off, not linked) is still on call — the schedule says so, and the reader
 * should see the gap — but the public answer marks them `reachable: false`
 * with the reason; escalation moves past a level that reaches nobody.
 */
export class OnCallResolver implements OnCallResponders {
  constructor(
    private readonly deps: {
      schedules: ScheduleOnCallSource;
      policies: EscalationPolicySource;
      directory: Pick<CatalogResponderDirectory, 'expand' | 'owners'>;
      /** Read for the people in an answer only. */
      links: Pick<LinkStore, 'listByUsers'>;
      /** Who turned WeCom cards off; nobody when absent. */
      preferences?: Pick<PreferencesStore, 'optedOut'>;
      /**
       * Which of these users the catalog no longer has (left the company);
       * nobody when absent.
       */
      missingUsers?: (userEntityRefs: string[]) => Promise<Set<string>>;
      /** The integration whose links name WeCom members; undefined when none. */
      integrationFor: () => Promise<string | undefined>;
      now?: () => DateTime;
    },
  ) {}

  /** The public answer (`GET /oncall`), with each person's WeCom member. */
  async resolve(entityRef: string, at?: DateTime): Promise<WeComOnCallAnswer> {
    const decision = await this.decide(entityRef, at);
    const reach = await this.reachOf([
      ...decision.now.map(person => person.userEntityRef),
      ...(decision.next ?? []).map(person => person.userEntityRef),
    ]);
    const withMember = (person: Person): WeComOnCallEntry => {
      const found = reach.get(person.userEntityRef);
      return {
        ...person,
        wecomUserId: found?.wecomUserId ?? null,
        ...(found?.unreachable
          ? { reachable: false, unreachableReason: found.unreachable }
          : {}),
      };
    };
    return {
      entityRef: normaliseRef(entityRef, 'component') ?? entityRef,
      ...(decision.policyId ? { policyId: decision.policyId } : {}),
      now: decision.now.map(withMember),
      ...(decision.next ? { next: decision.next.map(withMember) } : {}),
    };
  }

  /** The users on call, for routing (recipients, War Rooms). */
  async onCallFor(
    entityRef: string,
    at?: DateTime,
  ): Promise<{ users: string[]; basis: string; notes: string[] }> {
    const decision = await this.decide(entityRef, at);
    return {
      users: decision.now.map(person => person.userEntityRef),
      basis: decision.basis,
      notes: decision.notes,
    };
  }

  /** Who is on call and why, without WeCom members. */
  async decide(entityRef: string, at?: DateTime): Promise<OnCallDecision> {
    const when = at ?? this.deps.now?.() ?? DateTime.utc();
    const ref = normaliseRef(entityRef, 'component');
    if (!ref) {
      return {
        now: [],
        basis: 'no on-call',
        notes: [`"${entityRef}" is not an entity ref`],
      };
    }
    // Stored policies and schedules are extras over the catalog's owners:
    // when they cannot be read, the owners still answer, so an incident
    // pages someone rather than no one.
    let policy: WeComEscalationPolicy | undefined;
    let byPolicy: OnCallDecision | undefined;
    try {
      policy = await this.deps.policies.policyForEntity(ref);
      byPolicy = policy && (await this.fromPolicy(policy, ref, when));
    } catch (error) {
      const owners = await this.ownersOnly(ref);
      owners.notes.unshift(
        `the escalation policy or its schedules could not be read (${errorText(
          error,
        )}): the owners answer instead`,
      );
      return owners;
    }
    if (policy && byPolicy) {
      if (byPolicy.now.length > 0) return byPolicy;
      const byOwner = await this.fromOwners(ref, when).catch(() =>
        this.ownersOnly(ref),
      );
      return {
        ...byOwner,
        policyId: policy.id,
        notes: [
          ...byPolicy.notes,
          `nobody is on call in the first level of escalation policy ${policy.id}: the owners answer instead`,
          ...byOwner.notes,
        ],
      };
    }
    try {
      return await this.fromOwners(ref, when);
    } catch (error) {
      const owners = await this.ownersOnly(ref);
      owners.notes.unshift(
        `the owners' schedules could not be read (${errorText(
          error,
        )}): their members answer instead`,
      );
      return owners;
    }
  }

  /** The owners' members, with no schedule: what answers when stores fail. */
  private async ownersOnly(entityRef: string): Promise<OnCallDecision> {
    const notes: string[] = [];
    let owners = [entityRef];
    if (!entityRef.startsWith('group:')) {
      const found = await this.deps.directory.owners(entityRef);
      owners = found.owners;
      notes.push(...found.notes);
    }
    const expanded = await this.deps.directory.expand(owners);
    return {
      now: unique(expanded.users.map(user => direct(user, 'owner'))),
      basis: ownerBasis(entityRef, owners, [], owners),
      notes: [...notes, ...expanded.notes],
    };
  }

  private async fromPolicy(
    policy: WeComEscalationPolicy,
    entityRef: string,
    at: DateTime,
  ): Promise<OnCallDecision> {
    const now: Person[] = [];
    const scheduleIds: string[] = [];
    const notes: string[] = [];
    for (const target of policy.levels[0]?.targets ?? []) {
      if (target.kind === 'schedule') {
        const onCall = await this.deps.schedules.onCallAt(target.ref, at);
        if (onCall.length === 0) {
          notes.push(`nobody is on call in schedule ${target.ref}`);
        }
        now.push(...onCall.map(fromSchedule));
        scheduleIds.push(target.ref);
      } else {
        const expanded = await this.deps.directory.expand([target.ref]);
        notes.push(...expanded.notes);
        now.push(...expanded.users.map(user => direct(user, 'policy')));
      }
    }
    return {
      now: unique(now),
      next: await this.nextIn(scheduleIds, at),
      policyId: policy.id,
      basis: `escalation policy ${policy.id} (first level) of ${entityRef}`,
      notes,
    };
  }

  /**
   * The owners' schedules, else their members. A group entity is its own
   * owner; the members of owner groups without anyone on call in a schedule
   * are expanded together, in the catalog's order.
   */
  private async fromOwners(
    entityRef: string,
    at: DateTime,
  ): Promise<OnCallDecision> {
    const notes: string[] = [];
    let owners: string[];
    if (entityRef.startsWith('group:')) {
      owners = [entityRef];
    } else {
      const found = await this.deps.directory.owners(entityRef);
      owners = found.owners;
      notes.push(...found.notes);
    }
    const now: Person[] = [];
    const scheduleIds: string[] = [];
    const scheduleNames: string[] = [];
    const withoutSchedule: string[] = [];
    for (const owner of owners) {
      const schedules = owner.startsWith('group:')
        ? await this.deps.schedules.schedulesOwnedBy(owner)
        : [];
      const onCall: ScheduleOnCall[] = [];
      for (const schedule of schedules) {
        onCall.push(...(await this.deps.schedules.onCallAt(schedule.id, at)));
        scheduleIds.push(schedule.id);
        scheduleNames.push(schedule.name);
      }
      if (schedules.length > 0 && onCall.length === 0) {
        notes.push(`nobody is on call in the schedules of ${owner}`);
      }
      if (onCall.length > 0) now.push(...onCall.map(fromSchedule));
      else withoutSchedule.push(owner);
    }
    if (withoutSchedule.length > 0) {
      const expanded = await this.deps.directory.expand(withoutSchedule);
      notes.push(...expanded.notes);
      now.push(...expanded.users.map(user => direct(user, 'owner')));
    }
    return {
      now: unique(now),
      next: await this.nextIn(scheduleIds, at),
      basis: ownerBasis(entityRef, owners, scheduleNames, withoutSchedule),
      notes,
    };
  }

  /** Who takes over in the schedules; undefined when no schedule decided. */
  private async nextIn(
    scheduleIds: string[],
    at: DateTime,
  ): Promise<Person[] | undefined> {
    if (scheduleIds.length === 0) return undefined;
    const next: Person[] = [];
    for (const id of scheduleIds) {
      const after = await this.deps.schedules.nextAfter(id, at);
      next.push(...after.map(fromSchedule));
    }
    return unique(next);
  }

  /**
   * Each person's WeCom member in the integration in use, and why a card
   * would not reach them, in the order the recipient resolver decides
   * (opted out before unlinked); gone from the catalog comes first, as the
   * reason that matters most. Reads the links of these people only.
   */
  private async reachOf(people: string[]): Promise<Reach> {
    const users = [...new Set(people)];
    const reach: Reach = new Map();
    if (users.length === 0) return reach;
    const integrationId = await this.deps.integrationFor();
    const [links, optedOut, missing] = await Promise.all([
      integrationId ? this.deps.links.listByUsers(integrationId, users) : [],
      this.deps.preferences?.optedOut(users) ?? new Set<string>(),
      // Unknown is not gone: when the catalog cannot say, nobody is marked.
      this.deps.missingUsers?.(users).catch(() => new Set<string>()) ??
        new Set<string>(),
    ]);
    const memberOf = new Map(
      links.map(link => [
        link.entityRef.toLocaleLowerCase('en-US'),
        link.wecomUserId,
      ]),
    );
    for (const user of users) {
      const wecomUserId = memberOf.get(user) ?? null;
      let unreachable: WeComUnreachableReason | undefined;
      if (missing.has(user)) unreachable = 'notInCatalog';
      else if (optedOut.has(user)) unreachable = 'optedOut';
      else if (!wecomUserId) unreachable = 'notLinked';
      reach.set(user, { wecomUserId, unreachable });
    }
    return reach;
  }
}

function fromSchedule(onCall: ScheduleOnCall): Person {
  return {
    userEntityRef: onCall.userEntityRef.toLocaleLowerCase('en-US'),
    until: onCall.until.toUTC().toISO(),
    via: onCall.via,
    scheduleId: onCall.scheduleId,
    scheduleName: onCall.scheduleName,
  };
}

function direct(userEntityRef: string, via: 'policy' | 'owner'): Person {
  return { userEntityRef, until: null, via };
}

/**
 * Each person once, where first found, with the reason that lasts longest
 * (null, i.e. no end, beats any time; ISO times in UTC compare as text).
 */
function unique(people: Person[]): Person[] {
  const byUser = new Map<string, Person>();
  for (const person of people) {
    const kept = byUser.get(person.userEntityRef);
    if (!kept || lastsLonger(person, kept)) {
      byUser.set(person.userEntityRef, person);
    }
  }
  return [...byUser.values()];
}

function lastsLonger(a: Person, b: Person): boolean {
  if (b.until === null) return false;
  if (a.until === null) return true;
  return a.until > b.until;
}

/** The basis the timeline shows; owners alone keep the wording cards always had. */
function ownerBasis(
  entityRef: string,
  owners: string[],
  scheduleNames: string[],
  withoutSchedule: string[],
): string {
  if (owners.length === 0) return `owner of ${entityRef}`;
  const parts: string[] = [];
  if (scheduleNames.length > 0) {
    parts.push(
      `on call in ${scheduleNames
        .map(name => `"${name}"`)
        .join(', ')} for ${entityRef}`,
    );
  }
  if (withoutSchedule.length > 0) {
    parts.push(
      entityRef.startsWith('group:')
        ? `members of ${entityRef}`
        : `owner ${withoutSchedule.join(', ')} of ${entityRef}`,
    );
  }
  return parts.length > 0
    ? parts.join('; ')
    : `owner ${owners.join(', ')} of ${entityRef}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
