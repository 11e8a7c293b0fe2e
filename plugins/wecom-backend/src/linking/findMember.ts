import { isWeComApiError } from '../connector';
import { CatalogUser } from './CatalogUserDirectory';
import { MEMBER_NOT_FOUND } from './linkErrors';

/** The parts of the WeCom client a lookup needs. */
export interface MemberLookupClient {
  getUserIdByMobile(mobile: string): Promise<string>;
  getUserIdByEmail(email: string, emailType: 1 | 2): Promise<string>;
}

/** Who a catalog user is in WeCom, and how we know. */
export type MemberLookup =
  | {
      found: true;
      wecomUserId: string;
      via: 'annotation' | 'mobile' | 'email';
    }
  | { found: false; tried: Array<'mobile' | 'email'> };

/**
 * Finds a catalog user's WeCom member: the `work.weixin.qq.com/userid`
 * annotation wins without asking WeCom; else the mobile annotation, then the
 * profile email as corporate mailbox (email_type 1), then as personal email
 * (email_type 2). Errors other than "no such member" are thrown.
 */
export async function findMember(
  user: CatalogUser,
  client: MemberLookupClient,
): Promise<MemberLookup> {
  if (user.annotatedUserId) {
    return {
      found: true,
      wecomUserId: user.annotatedUserId,
      via: 'annotation',
    };
  }
  const tried: Array<'mobile' | 'email'> = [];
  if (user.mobile) {
    tried.push('mobile');
    const userId = await orNotFound(client.getUserIdByMobile(user.mobile));
    if (userId) return { found: true, wecomUserId: userId, via: 'mobile' };
  }
  if (user.email) {
    tried.push('email');
    for (const emailType of [1, 2] as const) {
      const userId = await orNotFound(
        client.getUserIdByEmail(user.email, emailType),
      );
      if (userId) return { found: true, wecomUserId: userId, via: 'email' };
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
