/**
 * A message posted to a group chat through appchat/send.
 *
 * @public
 */
export interface ChatMessage {
  msgid: string;
  agentId: number;
  msgtype: string;
  content: unknown;
  sentAt: string;
}

/**
 * A group chat (群聊) created by an app.
 *
 * @public
 */
export interface ChatRecord {
  chatid: string;
  corpId: string;
  /** Apps manage only the chats they created. */
  agentId: number;
  name: string;
  owner: string;
  userlist: string[];
  createdAt: string;
  messages: ChatMessage[];
}

/** Group chats by corp and chatid. */
export class ChatStore {
  readonly #chats = new Map<string, ChatRecord>();

  get(corpId: string, chatid: string): ChatRecord | undefined {
    return this.#chats.get(`${corpId}/${chatid}`);
  }

  add(chat: ChatRecord): void {
    this.#chats.set(`${chat.corpId}/${chat.chatid}`, chat);
  }

  all(): ChatRecord[] {
    return [...this.#chats.values()];
  }
}
