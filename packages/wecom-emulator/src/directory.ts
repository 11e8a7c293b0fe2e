import type {
  EmulatorApp,
  EmulatorBot,
  EmulatorCorp,
  EmulatorSuite,
  EmulatorUser,
} from './types';

/** One corp with the indexes its lookups need (every lookup is a Map hit). */
export class CorpDirectory {
  readonly corpId: string;
  readonly name: string;
  readonly apps = new Map<number, EmulatorApp>();
  readonly users = new Map<string, EmulatorUser>();
  readonly bot?: EmulatorBot;
  readonly suites: EmulatorSuite[];
  /** The member the emulated WeCom client is signed in as (OAuth). */
  currentUserId?: string;

  readonly #byMobile = new Map<string, string>();
  readonly #byEmail = new Map<string, string>();
  readonly #byBizMail = new Map<string, string>();
  readonly #visibility = new Map<number, Set<string> | 'all'>();

  constructor(corp: EmulatorCorp) {
    this.corpId = corp.corpId;
    this.name = corp.name ?? corp.corpId;
    this.bot = corp.bot;
    this.suites = corp.suites ?? [];
    for (const app of corp.apps) {
      this.apps.set(app.agentId, app);
      const allow = app.allowUsers ?? 'all';
      this.#visibility.set(
        app.agentId,
        allow === 'all' ? 'all' : new Set(allow),
      );
    }
    for (const user of corp.users) this.upsertUser(user);
    this.currentUserId = corp.users[0]?.userid;
  }

  upsertUser(user: EmulatorUser): void {
    const previous = this.users.get(user.userid);
    if (previous) this.#unindex(previous);
    this.users.set(user.userid, user);
    if (user.mobile) this.#byMobile.set(user.mobile, user.userid);
    if (user.email) this.#byEmail.set(user.email.toLowerCase(), user.userid);
    if (user.bizMail)
      this.#byBizMail.set(user.bizMail.toLowerCase(), user.userid);
    this.currentUserId ??= user.userid;
  }

  removeUser(userid: string): boolean {
    const user = this.users.get(userid);
    if (!user) return false;
    this.#unindex(user);
    this.users.delete(userid);
    if (this.currentUserId === userid) {
      this.currentUserId = this.users.keys().next().value;
    }
    return true;
  }

  findByMobile(mobile: string): EmulatorUser | undefined {
    return this.#get(this.#byMobile.get(mobile));
  }

  /** emailType 1 is the corporate mailbox, 2 the personal email, as in WeCom. */
  findByEmail(email: string, emailType: 1 | 2): EmulatorUser | undefined {
    const index = emailType === 1 ? this.#byBizMail : this.#byEmail;
    return this.#get(index.get(email.toLowerCase()));
  }

  findAppBySecret(secret: string): EmulatorApp | undefined {
    for (const app of this.apps.values()) {
      if (app.secret === secret) return app;
    }
    return undefined;
  }

  isVisible(app: EmulatorApp, userid: string): boolean {
    const allow = this.#visibility.get(app.agentId) ?? 'all';
    return this.users.has(userid) && (allow === 'all' || allow.has(userid));
  }

  visibleUsers(app: EmulatorApp): EmulatorUser[] {
    return [...this.users.values()].filter(u => this.isVisible(app, u.userid));
  }

  isRootVisible(app: EmulatorApp): boolean {
    return (app.allowUsers ?? 'all') === 'all';
  }

  #get(userid: string | undefined): EmulatorUser | undefined {
    return userid === undefined ? undefined : this.users.get(userid);
  }

  #unindex(user: EmulatorUser): void {
    if (user.mobile) this.#byMobile.delete(user.mobile);
    if (user.email) this.#byEmail.delete(user.email.toLowerCase());
    if (user.bizMail) this.#byBizMail.delete(user.bizMail.toLowerCase());
  }
}

/** All corps, their bots and suites, indexed by id. */
export class Directory {
  readonly corps = new Map<string, CorpDirectory>();
  readonly #bots = new Map<string, CorpDirectory>();
  readonly #suites = new Map<string, CorpDirectory>();

  constructor(corps: EmulatorCorp[]) {
    for (const corp of corps) {
      const entry = new CorpDirectory(structuredClone(corp));
      this.corps.set(corp.corpId, entry);
      if (corp.bot) this.#bots.set(corp.bot.botId, entry);
      for (const suite of corp.suites ?? [])
        this.#suites.set(suite.suiteId, entry);
    }
  }

  /** The corp given, or the first one when none is named. */
  corp(corpId?: string): CorpDirectory {
    const corp =
      corpId === undefined
        ? this.corps.values().next().value
        : this.corps.get(corpId);
    if (!corp) throw new Error(`Unknown corp ${corpId ?? '(none configured)'}`);
    return corp;
  }

  /** The app given, or the corp's first one. */
  app(corp: CorpDirectory, agentId?: number): EmulatorApp {
    const app =
      agentId === undefined
        ? corp.apps.values().next().value
        : corp.apps.get(Number(agentId));
    if (!app) throw new Error(`Unknown app ${agentId} in corp ${corp.corpId}`);
    return app;
  }

  /** The bot given, or the first corp's bot that exists. */
  bot(botId?: string): { corp: CorpDirectory; bot: EmulatorBot } {
    const corp =
      botId === undefined
        ? this.#bots.values().next().value
        : this.#bots.get(botId);
    if (!corp?.bot)
      throw new Error(`Unknown bot ${botId ?? '(none configured)'}`);
    return { corp, bot: corp.bot };
  }

  suite(
    suiteId: string,
  ): { corp: CorpDirectory; suite: EmulatorSuite } | undefined {
    const corp = this.#suites.get(suiteId);
    const suite = corp?.suites.find(s => s.suiteId === suiteId);
    return corp && suite ? { corp, suite } : undefined;
  }
}
