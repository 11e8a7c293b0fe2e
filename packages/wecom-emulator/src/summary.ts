import type { ApiCallCount } from './callLog';
import { cardKeys } from './client/callbacks';
import type { EmulatorState } from './state';
import type { CardRecord } from './stores/cards';

/**
 * A compact, secret-free view of the emulator for the control API and UI.
 *
 * @public
 */
export interface EmulatorSummary {
  now: string;
  corps: Array<{
    corpId: string;
    name: string;
    currentUser?: string;
    apps: Array<{ agentId: number; name?: string; callbackUrl?: string }>;
    bot?: { botId: string; callbackUrl?: string };
    users: Array<{
      userid: string;
      name: string;
      mobile?: string;
      email?: string;
      bizMail?: string;
      messages: number;
      cards: number;
    }>;
  }>;
  /** All cards ever sent; `cards` lists only the most recent ones. */
  cardsTotal: number;
  cards: Array<{
    corpId: string;
    agentId: number;
    taskId: string;
    cardType: string;
    title?: string;
    sentAt: string;
    recipients: Array<{
      userid: string;
      version: number;
      replaceName?: string;
      keys: string[];
    }>;
    events: number;
  }>;
  chatsTotal: number;
  chats: Array<{
    corpId: string;
    chatid: string;
    name: string;
    owner: string;
    userlist: string[];
    messages: number;
  }>;
  bot: {
    exchanges: number;
    openStreams: number;
    activeReplies: number;
    /** Open long connections (`/aibot/ws`). */
    wsConnections: number;
  };
  messagesDelivered: number;
  /** Messages WeCom accepted but dropped for a member over the per-member budget. */
  messagesDropped: number;
  duplicatesSuppressed: number;
  tokensIssued: number;
  calls: { total: number; byApi: Record<string, ApiCallCount> };
}

/**
 * The emulator's state at a glance; lists the `limit` most recent cards
 * and chats (default 100).
 */
export function summarizeEmulator(
  state: EmulatorState,
  options: { limit?: number } = {},
): EmulatorSummary {
  const limit = Math.max(0, options.limit ?? 100);
  const allCards = state.cards.all();
  const allChats = state.chats.all();
  return {
    now: state.nowIso(),
    corps: [...state.directory.corps.values()].map(corp => ({
      corpId: corp.corpId,
      name: corp.name,
      currentUser: corp.currentUserId,
      apps: [...corp.apps.values()].map(app => ({
        agentId: app.agentId,
        name: app.name,
        callbackUrl: app.callback?.url,
      })),
      bot: corp.bot && {
        botId: corp.bot.botId,
        callbackUrl: corp.bot.callbackUrl,
      },
      users: [...corp.users.values()].map(user => {
        const received = state.messages.to(corp.corpId, user.userid);
        return {
          userid: user.userid,
          name: user.name,
          mobile: user.mobile,
          email: user.email,
          bizMail: user.bizMail,
          messages: received.length,
          cards: received.filter(m => m.msgtype === 'template_card').length,
        };
      }),
    })),
    cardsTotal: allCards.length,
    cards: allCards.slice(allCards.length - limit).map(card => ({
      corpId: card.corpId,
      agentId: card.agentId,
      taskId: card.taskId,
      cardType: card.cardType,
      title: cardTitle(card),
      sentAt: card.sentAt,
      recipients: [...card.recipients.values()].map(view => ({
        userid: view.userid,
        version: view.version,
        replaceName: view.replaceName,
        keys: view.replaceName === undefined ? cardKeys(view.card) : [],
      })),
      events: card.events.length,
    })),
    chatsTotal: allChats.length,
    chats: allChats.slice(allChats.length - limit).map(chat => ({
      corpId: chat.corpId,
      chatid: chat.chatid,
      name: chat.name,
      owner: chat.owner,
      userlist: chat.userlist,
      messages: chat.messages.length,
    })),
    bot: {
      exchanges: state.bot.exchanges.length,
      openStreams: [...state.bot.streams.values()].filter(s => !s.finished)
        .length,
      activeReplies: state.bot.activeReplies.length,
      wsConnections: state.bot.wsConnections.filter(
        c => c.authenticatedAt && !c.closedAt,
      ).length,
    },
    messagesDelivered: state.messages.deliveredCount,
    messagesDropped: state.messages.droppedCount,
    duplicatesSuppressed: state.messages.duplicatesSuppressed,
    tokensIssued: state.tokens.issuedCount,
    calls: { total: state.callLog.total, byApi: state.callLog.counts() },
  };
}

function cardTitle(card: CardRecord): string | undefined {
  const first = card.recipients.values().next().value;
  const title = (first?.card.main_title as { title?: unknown } | undefined)
    ?.title;
  return typeof title === 'string' ? title : undefined;
}
