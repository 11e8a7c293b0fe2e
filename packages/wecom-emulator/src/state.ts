import { CallLog } from './callLog';
import { EmulatorClock } from './clock';
import { Directory } from './directory';
import { FaultInjector } from './faults';
import { LatencyTable } from './latency';
import { FixedWindows, MobileLookupFailures } from './rateLimits';
import { BotStore } from './stores/bot';
import { CardStore } from './stores/cards';
import { ChatStore } from './stores/chats';
import { MessageStore } from './stores/messages';
import { OneTimeCodes } from './stores/oneTimeCodes';
import { TokenStore } from './tokens';
import type { EmulatorCorp, EmulatorRateLimits } from './types';

/** Who an OAuth code signs in. */
export interface OAuthGrant {
  corpId: string;
  userid: string;
  /** Issued through a third-party app's link (appid = suite_id, page 91120). */
  suiteId?: string;
}

/** Who a bot response_url answers. */
export interface ResponseUrlGrant {
  botId: string;
  msgid: string;
}

const MINUTE = 60_000;

/**
 * Everything the emulator knows, in plain stores that tests may inspect.
 * `reset()` puts it back to the seeded corps without replacing this object,
 * so routes holding it keep working.
 *
 * @public
 */
export class EmulatorState {
  readonly clock: EmulatorClock;
  readonly rateLimits: EmulatorRateLimits;
  directory!: Directory;
  tokens!: TokenStore;
  messages!: MessageStore;
  cards!: CardStore;
  chats!: ChatStore;
  oauthCodes!: OneTimeCodes<OAuthGrant>;
  suiteAuthCodes!: OneTimeCodes<string>;
  /** Permanent codes reset since the seed (reset_permanent_code), by suite. */
  resetPermanentCodes!: Map<string, string>;
  responseUrls!: OneTimeCodes<ResponseUrlGrant>;
  bot!: BotStore;
  callLog!: CallLog;
  faults!: FaultInjector;
  latency!: LatencyTable;
  limits!: FixedWindows;
  mobileLookupFailures!: MobileLookupFailures;

  constructor(
    private readonly seed: {
      corps: EmulatorCorp[];
      tokenTtlSeconds: number;
      rateLimits: EmulatorRateLimits;
      clock: EmulatorClock;
      latencyMs?: Record<string, number>;
    },
  ) {
    this.clock = seed.clock;
    this.rateLimits = seed.rateLimits;
    this.reset();
  }

  reset(): void {
    this.clock.reset();
    this.directory = new Directory(this.seed.corps);
    this.tokens = new TokenStore(this.seed.tokenTtlSeconds);
    this.messages = new MessageStore();
    this.cards = new CardStore();
    this.chats = new ChatStore();
    this.oauthCodes = new OneTimeCodes(5 * MINUTE);
    this.suiteAuthCodes = new OneTimeCodes(10 * MINUTE);
    this.resetPermanentCodes = new Map();
    this.responseUrls = new OneTimeCodes(60 * MINUTE);
    this.bot = new BotStore();
    this.callLog = new CallLog();
    this.faults = new FaultInjector();
    this.latency = new LatencyTable(this.seed.latencyMs);
    this.limits = new FixedWindows();
    this.mobileLookupFailures = new MobileLookupFailures();
  }

  /** The suite's permanent code now: the seeded one until it is reset. */
  permanentCodeOf(suite: { suiteId: string; permanentCode: string }): string {
    return this.resetPermanentCodes.get(suite.suiteId) ?? suite.permanentCode;
  }

  /** ISO time by the emulator's clock. */
  nowIso(): string {
    return (
      this.clock.now().toISO() ?? new Date(this.clock.millis()).toISOString()
    );
  }
}
