import { WeComClient, WeComAppChat } from '../connector';

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
   *
   * No official page names the errcode `appchat/create` answers for a taken
   * chat id (page 90245; the emulator answers 86215), so any failure is
   * followed by `appchat/get`: an app reads only chats it created (page
   * 90247), so a chat it can read is the earlier attempt's. Otherwise the
   * create's own error is thrown.
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
      const existing = await this.client
        .getAppChat(this.chatId)
        .catch(() => undefined);
      if (!existing) throw error;
      return this.adopt(existing, options.userlist);
    }
  }

  private async adopt(
    existing: WeComAppChat,
    userlist: string[],
  ): Promise<{ adopted: true }> {
    const present = new Set(existing.userlist);
    await this.addMembers(userlist.filter(id => !present.has(id)));
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
