import { isWeComApiError } from '../connector';
import { CatalogUser } from './CatalogUserDirectory';
import { MEMBER_NOT_FOUND, OVER_THE_LIMIT } from './linkErrors';
import { MobileLookupGuard } from './MobileLookupGuard';

/** The parts of the WeCom client a lookup needs. */
export interface MemberLookupClient {
  getUserIdByMobile(mobile: string): Promise<string>;
  getUserIdByEmail(email: string, emailType: 1 | 2): Promise<string>;
}

/** A lookup One-Click Link may make: by mobile, corp mailbox, personal email. */
export type MemberLookupKind = 'mobile' | 'email' | 'personalEmail';

/** Who a catalog user is in WeCom, and how we know. */
export type MemberLookup =
  | {
      found: true;
      wecomUserId: string;
      via: 'annotation' | MemberLookupKind;
    }
  | {
      found: false;
      tried: MemberLookupKind[];
      /** The mobile was not looked up: the run stopped mobile lookups. */
      mobileSkipped?: boolean;
    };

/** Which lookups a run may make for one user. */
export interface MemberLookupOptions {
  /**
   * Look the profile email up as a personal email too. WeCom's personal
   * `email` is a profile field, not a mailbox the corp assigns (page 90196
   * lists `email` and `biz_mail` apart); where members may edit their
   * profile, one can enter a colleague's address. We found no official page
   * saying which corps let members edit it, so it is the admin's call.
   */
  personalEmail: boolean;
  /** Identifiers other catalog users share: proof of nobody, so not looked up. */
  skipMobile?: boolean;
  skipEmail?: boolean;
  /** The corp's daily budget of failed mobile lookups (none: no budget). */
  mobileGuard?: MobileLookupGuard;
}

/**
 * Finds a catalog user's WeCom member: the `work.weixin.qq.com/userid`
 * annotation wins without asking WeCom; else the profile email as corporate
 * mailbox (`get_userid_by_email` email_type 1, page 95895), then, only when
 * allowed, as personal email (email_type 2), and only then the mobile
 * annotation: failed mobile lookups can get `user/getuserid` blocked for the
 * whole corp for a day (pages 95402, 96267), failed email lookups cannot as
 * far as WeCom documents. Errors other than "no such member" are thrown.
 */
export async function findMember(
  user: CatalogUser,
  client: MemberLookupClient,
  options: MemberLookupOptions,
): Promise<MemberLookup> {
  if (user.annotatedUserId) {
    return {
      found: true,
      wecomUserId: user.annotatedUserId,
      via: 'annotation',
    };
  }
  const tried: MemberLookupKind[] = [];
  const guard = options.mobileGuard;
  const found = (wecomUserId: string, via: MemberLookupKind): MemberLookup => {
    guard?.found();
    return { found: true, wecomUserId, via };
  };
  if (user.email && !options.skipEmail) {
    tried.push('email');
    const corpMail = await orNotFound(client.getUserIdByEmail(user.email, 1));
    if (corpMail) return found(corpMail, 'email');
    if (options.personalEmail) {
      tried.push('personalEmail');
      const personal = await orNotFound(client.getUserIdByEmail(user.email, 2));
      if (personal) return found(personal, 'personalEmail');
    }
  }
  if (user.mobile && !options.skipMobile) {
    if (guard && !(await guard.allowed()))
      return { found: false, tried, mobileSkipped: true };
    tried.push('mobile');
    let userId: string | undefined;
    try {
      userId = await orNotFound(client.getUserIdByMobile(user.mobile));
    } catch (error) {
      // Still over the limit after the client's retries: a day's block
      // (unconfirmed errcode, see MobileLookupGuard) or a busy corp; either
      // way more mobile lookups only add to it.
      if (!guard || !isWeComApiError(error, OVER_THE_LIMIT)) {
        guard?.settled();
        throw error;
      }
      await guard.blocked();
      tried.pop();
      return { found: false, tried, mobileSkipped: true };
    }
    if (userId) {
      guard?.settled();
      return found(userId, 'mobile');
    }
    await guard?.missed();
  }
  return { found: false, tried };
}

async function orNotFound(lookup: Promise<string>) {
  try {
    return await lookup;
  } catch (error) {
    if (isWeComApiError(error, MEMBER_NOT_FOUND)) return undefined;
    throw error;
  }
}
