import request from 'supertest';
import { ErrCode } from '../errcodes';
import type { WeComEmulator } from '../emulator';
import {
  LIMITED_APP,
  MAIN_APP,
  testCorp,
  testEmulator,
  tokenFor,
} from '../__testUtils__/fixtures';

describe('appchat', () => {
  let emulator: WeComEmulator;
  let token: string;
  const post = (path: string, body: object, t = token) =>
    request(emulator.app)
      .post(`/cgi-bin/appchat/${path}`)
      .query({ access_token: t })
      .send(body);

  beforeEach(async () => {
    emulator = testEmulator();
    token = await tokenFor(emulator);
  });

  it('creates a chat with a chosen chatid, then gets, updates and posts to it', async () => {
    const created = await post('create', {
      name: 'INC-1 War Room',
      owner: 'alice',
      userlist: ['alice', 'bob'],
      chatid: 'INC1warroom',
    });
    expect(created.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      chatid: 'INC1warroom',
    });

    await post('update', {
      chatid: 'INC1warroom',
      add_user_list: ['carol'],
      del_user_list: ['bob'],
    });
    const got = await request(emulator.app)
      .get('/cgi-bin/appchat/get')
      .query({ access_token: token, chatid: 'INC1warroom' });
    expect(got.body.chat_info).toEqual({
      chatid: 'INC1warroom',
      name: 'INC-1 War Room',
      owner: 'alice',
      userlist: ['alice', 'carol'],
      chat_type: 0,
    });

    const sent = await post('send', {
      chatid: 'INC1warroom',
      msgtype: 'markdown',
      markdown: { content: '**P1**' },
    });
    expect(sent.body.errcode).toBe(0);
    expect(emulator.chat('INC1warroom')!.messages).toEqual([
      expect.objectContaining({
        msgtype: 'markdown',
        content: { content: '**P1**' },
      }),
    ]);
  });

  it('generates a chatid when none is given', async () => {
    const res = await post('create', { userlist: ['alice', 'bob'] });
    expect(res.body.chatid).toMatch(/^[A-Za-z0-9]{1,32}$/);
    expect(emulator.chat(res.body.chatid)!.owner).toBe('alice');
  });

  it('refuses an existing chatid', async () => {
    await post('create', { userlist: ['alice', 'bob'], chatid: 'room1' });
    const again = await post('create', {
      userlist: ['alice', 'carol'],
      chatid: 'room1',
    });
    expect(again.body.errcode).toBe(ErrCode.CHATID_EXISTS);
  });

  it.each([
    ['one member', { userlist: ['alice'] }, ErrCode.INVALID_CHAT_MEMBER_COUNT],
    ['an unknown member', { userlist: ['alice', 'ghost'] }, 86007],
    [
      'a bad chatid',
      { userlist: ['alice', 'bob'], chatid: 'has-dash' },
      ErrCode.INVALID_CHATID,
    ],
    [
      'an owner outside the list',
      { userlist: ['alice', 'bob'], owner: 'carol' },
      ErrCode.INVALID_CHAT_OWNER,
    ],
  ])('refuses %s', async (_, body, errcode) => {
    expect((await post('create', body)).body.errcode).toBe(errcode);
  });

  it('refuses more than 2000 members', async () => {
    for (let i = 0; i < 2001; i++)
      emulator.upsertUser({ userid: `m${i}`, name: `M${i}` });
    const userlist = Array.from({ length: 2001 }, (_, i) => `m${i}`);
    expect((await post('create', { userlist })).body.errcode).toBe(
      ErrCode.INVALID_CHAT_MEMBER_COUNT,
    );
    expect(
      (await post('create', { userlist: userlist.slice(0, 2000) })).body
        .errcode,
    ).toBe(0);
  });

  // Page 90313 (global error codes), 48002 item 7: the appchat API is only
  // for self-built apps whose visible range is the root department.
  it('answers 48002 to every appchat call of an app not visible to the whole corp', async () => {
    await post('create', { userlist: ['alice', 'bob'], chatid: 'room1' });
    const limitedToken = await tokenFor(emulator, LIMITED_APP);
    const answers = [
      await post('create', { userlist: ['alice', 'bob'] }, limitedToken),
      await post('update', { chatid: 'room1', name: 'x' }, limitedToken),
      await post(
        'send',
        { chatid: 'room1', msgtype: 'text', text: { content: 'hi' } },
        limitedToken,
      ),
      await request(emulator.app)
        .get('/cgi-bin/appchat/get')
        .query({ access_token: limitedToken, chatid: 'room1' }),
    ];
    expect(answers.map(res => res.body.errcode)).toEqual([
      48002, 48002, 48002, 48002,
    ]);
  });

  it('answers 86003 to appchat/get of a chat id that does not exist', async () => {
    const res = await request(emulator.app)
      .get('/cgi-bin/appchat/get')
      .query({ access_token: token, chatid: 'noSuchChat' });
    expect(res.body.errcode).toBe(86003);
  });

  it("answers 86008 to an app managing another app's chat", async () => {
    const other = { agentId: 1000009, secret: 'other-secret' };
    emulator = testEmulator({
      corps: [
        testCorp({
          apps: [
            { ...MAIN_APP, name: 'Main', allowUsers: 'all' },
            { ...other, name: 'Other', allowUsers: 'all' },
          ],
        }),
      ],
    });
    token = await tokenFor(emulator);
    await post('create', { userlist: ['alice', 'bob'], chatid: 'room1' });
    const otherToken = await tokenFor(emulator, other);
    const res = await post(
      'update',
      { chatid: 'room1', name: 'x' },
      otherToken,
    );
    expect(res.body.errcode).toBe(86008);
  });

  it('answers 86003 for an unknown chat', async () => {
    const res = await post('send', {
      chatid: 'nope',
      msgtype: 'text',
      text: { content: 'hi' },
    });
    expect(res.body.errcode).toBe(ErrCode.CHAT_NOT_FOUND);
  });

  it('stores messages per chat', async () => {
    await post('create', { userlist: ['alice', 'bob'], chatid: 'a' });
    await post('create', { userlist: ['alice', 'bob'], chatid: 'b' });
    await post('send', {
      chatid: 'a',
      msgtype: 'text',
      text: { content: 'to a' },
    });
    expect(emulator.chat('a')!.messages).toHaveLength(1);
    expect(emulator.chat('b')!.messages).toHaveLength(0);
    expect(emulator.chat('a')!.agentId).toBe(MAIN_APP.agentId);
  });
});
