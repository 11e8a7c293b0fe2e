import { WeComClient, isWeComApiError } from '../connector';

/** WeCom's "a chat with this chatid exists". */
const CHATID_EXISTS = 86215;

/**
 * The WeCom side of one War Room: its group chat, through the integration's
 * client. Only the app that created a chat may manage it.
 */
export class WarRoomChat {
  constructor(
    private readonly client: Pick<
      WeComClient,
      'createAppChat' | 'getAppChat' | 'updateAppChat' | 'sendAppChatMessage'
    >,
    readonly chatId: string,
  ) {}

  /**
   * Creates the group. When a chat with this id exists (an earlier attempt
   * created it but its answer was lost), adopts it: reads it and adds the
   * members it lacks. Answers whether it was adopted.
   */
  async create(options: {
    name: string;
    owner: string;
    userlist: string[];
  }): Promise<{ adopted: boolean }> {
    try {
      await this.client.createAppChat({
        chatid: this.chatId,
        name: options.name,
        owner: options.owner,
        userlist: options.userlist,
      });
      return { adopted: false };
    } catch (error) {
      if (!isWeComApiError(error, CHATID_EXISTS)) throw error;
    }
    const existing = await this.client.getAppChat(this.chatId);
    const present = new Set(existing.userlist);
    await this.addMembers(options.userlist.filter(id => !present.has(id)));
    return { adopted: true };
  }

  /** Adds members (`appchat/update add_user_list`); never removes anyone. */
  async addMembers(userids: string[]): Promise<void> {
    if (userids.length === 0) return;
    await this.client.updateAppChat({
      chatid: this.chatId,
      add_user_list: userids,
    });
  }

  /** Posts WeCom markdown to the group. */
  async post(markdown: string): Promise<void> {
    await this.client.sendAppChatMessage({
      chatid: this.chatId,
      msgtype: 'markdown',
      markdown: { content: markdown },
    });
  }
}
