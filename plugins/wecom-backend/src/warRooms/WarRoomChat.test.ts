import { WeComApiError } from '../connector';
import { WarRoomChat } from './WarRoomChat';

const apiError = (errcode: number, api: string) =>
  new WeComApiError({ errcode, errmsg: 'x', api });

function fakeClient(options: { createError: unknown; existing?: string[] }) {
  const updates: unknown[] = [];
  const client = {
    createAppChat: jest.fn(async () => {
      throw options.createError;
    }),
    getAppChat: jest.fn(async (chatid: string) => {
      if (!options.existing) {
        throw apiError(86003, '/cgi-bin/appchat/get');
      }
      return { chatid, name: '', owner: 'a', userlist: options.existing };
    }),
    updateAppChat: jest.fn(async (body: unknown) => {
      updates.push(body);
    }),
    sendAppChatMessage: jest.fn(),
  };
  return { client, updates };
}

const create = (chat: WarRoomChat) =>
  chat.create({ name: 'INC-1', owner: 'a', userlist: ['a', 'b', 'c'] });

describe('WarRoomChat.create', () => {
  it('adopts the chat an earlier attempt created when WeCom says the id exists (86215)', async () => {
    const { client, updates } = fakeClient({
      createError: apiError(86215, '/cgi-bin/appchat/create'),
      existing: ['a', 'b'],
    });
    await expect(create(new WarRoomChat(client, 'wr1'))).resolves.toEqual({
      adopted: true,
    });
    expect(updates).toEqual([{ chatid: 'wr1', add_user_list: ['c'] }]);
  });

  // No official page names the code appchat/create answers for a taken chat
  // id (86215 is the emulator's choice), so any refusal is followed by a
  // look at the chat: if this app can read it, it is ours to adopt.
  it('adopts its own chat whatever code WeCom answered the create with', async () => {
    const { client } = fakeClient({
      createError: apiError(86001, '/cgi-bin/appchat/create'),
      existing: ['a', 'b', 'c'],
    });
    await expect(create(new WarRoomChat(client, 'wr1'))).resolves.toEqual({
      adopted: true,
    });
    expect(client.updateAppChat).not.toHaveBeenCalled();
  });

  it("throws the create's error when the chat cannot be read either", async () => {
    const refused = apiError(48002, '/cgi-bin/appchat/create');
    const { client } = fakeClient({ createError: refused });
    await expect(create(new WarRoomChat(client, 'wr1'))).rejects.toBe(refused);
  });
});
