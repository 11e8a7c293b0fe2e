import { WeComLinkSource } from 'backstage-plugin-wecom-common';
import { DateTime } from 'luxon';

/** One stored link between a catalog user and a WeCom member. */
export interface UserLink {
  integrationId: string;
  entityRef: string;
  wecomUserId: string;
  source: WeComLinkSource;
  linkedBy?: string;
  linkedAt: DateTime;
}

/** The outcome of {@link LinkStore.link}. */
export type LinkOutcome =
  | { status: 'linked'; link: UserLink }
  /** The WeCom member is already linked to another user of the integration. */
  | { status: 'memberTaken'; heldBy: string }
  /** With `keepExisting`: the user already has a link, which stays. */
  | { status: 'userLinked'; link: UserLink };

/**
 * Links between catalog users and WeCom members, per integration. A user
 * has at most one member and a member at most one user per integration
 * (the database enforces both).
 */
export interface LinkStore {
  /** All links of an integration (the Linked Users table joins them). */
  list(integrationId: string): Promise<UserLink[]>;
  /**
   * The links of these users only (refs compared case-insensitively): what
   * an answer about a few people reads instead of the whole table.
   */
  listByUsers(integrationId: string, entityRefs: string[]): Promise<UserLink[]>;
  get(integrationId: string, entityRef: string): Promise<UserLink | undefined>;
  findByMember(
    integrationId: string,
    wecomUserId: string,
  ): Promise<UserLink | undefined>;
  /**
   * Links (or re-links) a user. With `takeOver` a member linked to another
   * user moves to this one (the workspace login proves who the member is);
   * without it that case answers `memberTaken` and changes nothing. With
   * `keepExisting` a user who has a link keeps it (`userLinked`): a guess
   * never replaces a link someone made meanwhile.
   */
  link(
    link: Omit<UserLink, 'linkedAt'> & { linkedAt?: DateTime },
    options?: { takeOver?: boolean; keepExisting?: boolean },
  ): Promise<LinkOutcome>;
  /** Removes a user's link; false when there was none. */
  unlink(integrationId: string, entityRef: string): Promise<boolean>;
  /** Removes every link of a deleted integration. */
  deleteIntegration(integrationId: string): Promise<void>;
}
