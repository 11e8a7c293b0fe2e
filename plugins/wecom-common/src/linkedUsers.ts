/**
 * How a Backstage user came to be linked to a WeCom member.
 *
 * - `oneClick`: One-Click Link found them by mobile or email.
 * - `annotation`: the `work.weixin.qq.com/userid` annotation on the User entity.
 * - `workspaceLogin`: they opened the app's homepage in WeCom while signed in.
 * - `manual`: an admin linked them.
 *
 * @public
 */
export type WeComLinkSource =
  | 'oneClick'
  | 'annotation'
  | 'workspaceLogin'
  | 'manual';

/**
 * Which users `GET /linked-users` lists.
 *
 * @public
 */
export type WeComLinkedUsersFilter = 'all' | 'linked' | 'unlinked';

/**
 * One catalog `User` entity and its WeCom member, if linked.
 *
 * @public
 */
export interface WeComLinkedUser {
  /** e.g. `user:default/zhangsan` */
  entityRef: string;
  /** `spec.profile.displayName`, else `metadata.title`, else the name. */
  displayName: string;
  email?: string;
  /** The linked WeCom userid, or null when not linked. */
  wecomUserId: string | null;
  source?: WeComLinkSource;
  linkedAt?: string;
  /** Who made the link (an admin's entity ref for manual links). */
  linkedBy?: string;
}

/**
 * The query of `GET /linked-users`.
 *
 * @public
 */
export interface WeComLinkedUsersQuery {
  /** Optional when exactly one integration exists. */
  integrationId?: string;
  filter?: WeComLinkedUsersFilter;
  /** Matches display name, entity name or email, case-insensitively. */
  q?: string;
  offset?: number;
  /** 1..500, default 50. */
  limit?: number;
}

/**
 * A page of `GET /linked-users`.
 *
 * @public
 */
export interface WeComLinkedUsersPage {
  integrationId: string;
  items: WeComLinkedUser[];
  /** Users matching the filter and `q`, across all pages. */
  totalCount: number;
  offset: number;
  limit: number;
  /** Counts over all catalog users (ignoring filter and `q`). */
  counts: { all: number; linked: number; unlinked: number };
}

/**
 * The body of `POST /linked-users/links`: an admin links one user.
 *
 * @public
 */
export interface WeComManualLinkInput {
  integrationId: string;
  entityRef: string;
  wecomUserId: string;
}

/**
 * The state of a One-Click Link run.
 *
 * @public
 */
export type WeComLinkRunStatus = 'running' | 'completed' | 'failed';

/**
 * A One-Click Link run: its progress while it runs, then who was linked,
 * who was not found and what failed and why.
 *
 * @public
 */
export interface WeComLinkRun {
  id: string;
  integrationId: string;
  status: WeComLinkRunStatus;
  startedAt: string;
  finishedAt?: string;
  /** Entity ref of the admin who started it. */
  startedBy?: string;
  progress: { total: number; processed: number };
  /** Users that were linked before the run; skipped. */
  alreadyLinked: number;
  /** `email` is the corporate mailbox, `personalEmail` the member's own. */
  linked: Array<{
    entityRef: string;
    wecomUserId: string;
    via: 'annotation' | 'mobile' | 'email' | 'personalEmail';
  }>;
  /** `tried` is empty when the catalog has neither mobile nor email. */
  notFound: Array<{
    entityRef: string;
    tried: Array<'mobile' | 'email' | 'personalEmail'>;
  }>;
  failed: Array<{ entityRef: string; reason: string; errcode?: number }>;
  /** Why the whole run stopped (e.g. the app may not read contacts). */
  error?: { message: string; hint?: string; errcode?: number };
  /** The lookups this run was allowed (absent on runs from before it was recorded). */
  matching?: { personalEmail: boolean };
  /**
   * Mobile lookups that found nobody, and why the run stopped making them:
   * `missShare` before WeCom would block them for a day (too many failures),
   * `blocked` when WeCom already refused them (45009). Absent on older runs.
   * The budget is the corp's over a rolling 24 hours, shared by every run
   * of every integration of the corp.
   */
  mobileLookups?: {
    /** This run's mobile lookups that found nobody. */
    misses: number;
    stopped?: 'missShare' | 'blocked';
    /** With `stopped`: when the corp's mobile lookups may resume (ISO). */
    until?: string;
    /** Misses of earlier runs in the last 24 hours that counted toward the stop. */
    earlierMisses?: number;
    /** The 45009 that paused mobile lookups came in an earlier run. */
    blockedEarlier?: boolean;
  };
}

/**
 * The answer of `POST /linked-users/workspace-link`: the signed-in user is
 * now linked to the WeCom member who opened the app's homepage.
 *
 * @public
 */
export interface WeComWorkspaceLinkResult {
  integrationId: string;
  entityRef: string;
  wecomUserId: string;
  /** The app path the member was going to, to continue there. */
  redirectTo: string;
}

/**
 * The answer of `POST /linked-users/workspace-link/preview`: what linking
 * with a workspace ticket would do, shown to the signed-in user for
 * confirmation. Reading it does not use the ticket.
 *
 * @public
 */
export interface WeComWorkspaceLinkPreview {
  integrationId: string;
  integrationName: string;
  /** The WeCom member who went through WeCom's sign-in. */
  wecomUserId: string;
  /** The member's name in WeCom, when WeCom tells it. */
  wecomUserName?: string;
  /** The signed-in user the member would be linked to. */
  entityRef: string;
  /** The member is already linked to this user: nothing to confirm. */
  alreadyLinked: boolean;
  /** Another user the member is linked to now; linking moves it away. */
  linkedTo?: string;
  /** Another member this user is linked to now; linking replaces it. */
  replacesWecomUserId?: string;
  /** The app path the member was going to, to continue there. */
  redirectTo: string;
  /** When the ticket expires (ISO 8601). */
  expiresAt: string;
}
