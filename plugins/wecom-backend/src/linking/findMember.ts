import { isWeComApiError } from '../connector';
import { CatalogUser } from './CatalogUserDirectory';
import { MEMBER_NOT_FOUND } from './linkErrors';

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
  | { found: false; tried: MemberLookupKind[] };

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
}

/**
 * Finds a catalog user's WeCom member: the `work.weixin.qq.com/userid`
 * annotation wins without asking WeCom; else the mobile annotation, then the
 * profile email as corporate mailbox (`get_userid_by_email` email_type 1,
 * page 95895), then, only when allowed, as personal email (email_type 2).
 * Errors other than "no such member" are thrown.
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
  if (user.mobile && !options.skipMobile) {
    tried.push('mobile');
    const userId = await orNotFound(client.getUserIdByMobile(user.mobile));
    if (userId) return { found: true, wecomUserId: userId, via: 'mobile' };
  }
  if (user.email && !options.skipEmail) {
    tried.push('email');
    const corpMail = await orNotFound(client.getUserIdByEmail(user.email, 1));
    if (corpMail) return { found: true, wecomUserId: corpMail, via: 'email' };
    if (options.personalEmail) {
      tried.push('personalEmail');
      const personal = await orNotFound(client.getUserIdByEmail(user.email, 2));
      if (personal) {
        return { found: true, wecomUserId: personal, via: 'personalEmail' };
      }
    }
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
