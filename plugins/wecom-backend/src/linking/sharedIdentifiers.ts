import { CatalogUser } from './CatalogUserDirectory';

/** How many sharers a reason names before it says "…". */
const NAMED = 5;

/**
 * The emails and mobiles that several catalog users carry. Such an
 * identifier says nothing about which of them a WeCom member is, so One-Click
 * Link does not look it up: with it, whichever user happened to go first
 * would get the member (and the member would sign in as that user). Users
 * with the userid annotation do not count: the annotation settles who they
 * are, whatever else their entity says.
 */
export class SharedIdentifiers {
  readonly #byEmail = new Map<string, string[]>();
  readonly #byMobile = new Map<string, string[]>();

  constructor(users: CatalogUser[]) {
    for (const user of users) {
      if (user.annotatedUserId) continue;
      if (user.email) add(this.#byEmail, emailKey(user.email), user.entityRef);
      if (user.mobile) add(this.#byMobile, user.mobile, user.entityRef);
    }
  }

  /** Why `user`'s email or mobile cannot be used, one line each. */
  reasons(user: CatalogUser): { mobile?: string; email?: string } {
    const mobile = user.mobile && this.#byMobile.get(user.mobile);
    const email = user.email && this.#byEmail.get(emailKey(user.email));
    return {
      ...(mobile && mobile.length > 1
        ? { mobile: describe('mobile', user.mobile!, mobile) }
        : {}),
      ...(email && email.length > 1
        ? { email: describe('email', user.email!, email) }
        : {}),
    };
  }
}

/**
 * Addresses that differ only in case reach one mailbox with every common
 * mail host, so they count as one here.
 */
function emailKey(email: string) {
  return email.trim().toLowerCase();
}

function add(index: Map<string, string[]>, key: string, entityRef: string) {
  const refs = index.get(key);
  if (refs) refs.push(entityRef);
  else index.set(key, [entityRef]);
}

function describe(what: string, value: string, refs: string[]) {
  const named = [...refs].sort().slice(0, NAMED).join(', ');
  const more = refs.length > NAMED ? ', …' : '';
  return `${what} ${value} is shared by ${refs.length} catalog users (${named}${more})`;
}
