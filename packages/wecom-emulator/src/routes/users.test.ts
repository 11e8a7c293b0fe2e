import request from 'supertest';
import { ErrCode } from '../errcodes';
import type { WeComEmulator } from '../emulator';
import {
  FENCED_APP,
  LIMITED_APP,
  MAIN_APP,
  testCorp,
  testEmulator,
  tokenFor,
} from '../__testUtils__/fixtures';

describe('directory lookups', () => {
  let emulator: WeComEmulator;
  let token: string;
  const byMobile = (mobile: string, t = token) =>
    request(emulator.app)
      .post('/cgi-bin/user/getuserid')
      .query({ access_token: t })
      .send({ mobile });
  const byEmail = (email: string, emailType?: number) =>
    request(emulator.app)
      .post('/cgi-bin/user/get_userid_by_email')
      .query({ access_token: token })
      .send({ email, email_type: emailType });

  beforeEach(async () => {
    emulator = testEmulator();
    token = await tokenFor(emulator);
  });

  it('finds a member by mobile, 46004 when nobody has it', async () => {
    expect((await byMobile('13900000002')).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      userid: 'bob',
    });
    expect((await byMobile('10000000000')).body.errcode).toBe(
      ErrCode.USER_NOT_FOUND,
    );
  });

  it('finds by corporate mailbox (type 1, the default) or personal email (type 2)', async () => {
    expect((await byEmail('ALICE@corp.example')).body.userid).toBe('alice');
    expect((await byEmail('bob@home.example', 2)).body.userid).toBe('bob');
    expect((await byEmail('bob@home.example', 1)).body.errcode).toBe(
      ErrCode.USER_NOT_FOUND,
    );
  });

  it('answers 48002 when the app has no contacts permission', async () => {
    const limited = await tokenFor(emulator, LIMITED_APP);
    expect((await byMobile('13900000001', limited)).body.errcode).toBe(
      ErrCode.API_FORBIDDEN,
    );
  });

  it('answers 60011 for user/get outside the app’s visibility', async () => {
    const limited = await tokenFor(emulator, LIMITED_APP);
    const get = (userid: string) =>
      request(emulator.app)
        .get('/cgi-bin/user/get')
        .query({ access_token: limited, userid });
    expect((await get('alice')).body).toMatchObject({
      errcode: 0,
      userid: 'alice',
      name: 'Alice',
    });
    expect((await get('bob')).body.errcode).toBe(ErrCode.NO_PRIVILEGE);
  });

  it('answers 60020 to a caller outside the app’s trusted IPs', async () => {
    const fenced = await tokenFor(emulator, FENCED_APP);
    const res = await byMobile('13900000001', fenced);
    expect(res.body.errcode).toBe(ErrCode.IP_NOT_TRUSTED);
  });

  it('admits a trusted loopback caller', async () => {
    const corp = testCorp();
    corp.apps[2].trustedIps = ['127.0.0.1'];
    emulator = testEmulator({ corps: [corp] });
    const fenced = await tokenFor(emulator, FENCED_APP);
    expect((await byMobile('13900000001', fenced)).body.errcode).toBe(0);
  });

  it('answers 45009 past the lookups-per-minute limit, again fine the next minute', async () => {
    emulator = testEmulator({ rateLimits: { lookupsPerMinute: 2 } });
    token = await tokenFor(emulator);
    expect((await byMobile('13900000001')).body.errcode).toBe(0);
    expect((await byEmail('alice@corp.example')).body.errcode).toBe(0);
    expect((await byMobile('13900000001')).body.errcode).toBe(
      ErrCode.API_FREQ_OUT_OF_LIMIT,
    );
    emulator.advanceClock(60);
    expect((await byMobile('13900000001')).body.errcode).toBe(0);
  });

  it('answers 45009 past the per-corp per-API limit', async () => {
    emulator = testEmulator({ rateLimits: { perCorpApiPerMinute: 1 } });
    token = await tokenFor(emulator);
    expect((await byMobile('13900000001')).body.errcode).toBe(0);
    expect((await byMobile('13900000001')).body.errcode).toBe(
      ErrCode.API_FREQ_OUT_OF_LIMIT,
    );
    expect((await byEmail('alice@corp.example')).body.errcode).toBe(0);
  });

  // "请确保手机号的正确性，若出错的次数超出企业人数上限的20%，会导致1天不可调用"
  // (user/getuserid, pages 95402 and 96267).
  it('blocks user/getuserid for the day once misses exceed the configured share of the headcount', async () => {
    emulator = testEmulator({ rateLimits: { mobileLookupFailureShare: 0.2 } });
    for (let i = 4; i <= 10; i++) {
      emulator.upsertUser({ userid: `user${i}`, name: `User ${i}` });
    }
    token = await tokenFor(emulator);
    // 10 members: 2 misses are within 20%, the 3rd exceeds it.
    for (let i = 0; i < 3; i++) {
      expect((await byMobile(`1380000000${i}`)).body.errcode).toBe(
        ErrCode.USER_NOT_FOUND,
      );
    }
    expect((await byMobile('13900000001')).body).toMatchObject({
      errcode: ErrCode.API_FREQ_OUT_OF_LIMIT,
      errmsg: expect.stringMatching(/getuserid/),
    });
    // Email lookups are not blocked by mobile misses.
    expect((await byEmail('alice@corp.example')).body.errcode).toBe(0);
    emulator.advanceClock(24 * 60 * 60);
    token = await tokenFor(emulator);
    expect((await byMobile('13900000001')).body.errcode).toBe(0);
  });

  it('keeps answering user/getuserid while misses stay within the share', async () => {
    emulator = testEmulator({ rateLimits: { mobileLookupFailureShare: 0.2 } });
    for (let i = 4; i <= 10; i++) {
      emulator.upsertUser({ userid: `user${i}`, name: `User ${i}` });
    }
    token = await tokenFor(emulator);
    for (let i = 0; i < 2; i++) {
      expect((await byMobile(`1380000000${i}`)).body.errcode).toBe(
        ErrCode.USER_NOT_FOUND,
      );
    }
    expect((await byMobile('13900000001')).body.errcode).toBe(0);
  });

  it('sees members added through the control API', async () => {
    await request(emulator.app)
      .post('/_emulator/users')
      .send({ userid: 'dave', name: 'Dave', mobile: '13900000009' })
      .expect(200);
    expect((await byMobile('13900000009')).body.userid).toBe('dave');
  });

  it('describes the app and its visibility with agent/get', async () => {
    const res = await request(emulator.app)
      .get('/cgi-bin/agent/get')
      .query({ access_token: token, agentid: MAIN_APP.agentId });
    expect(res.body).toMatchObject({
      errcode: 0,
      agentid: MAIN_APP.agentId,
      allow_partys: { partyid: [1] },
    });
    const limited = await tokenFor(emulator, LIMITED_APP);
    const limitedRes = await request(emulator.app)
      .get('/cgi-bin/agent/get')
      .query({ access_token: limited, agentid: LIMITED_APP.agentId });
    expect(limitedRes.body.allow_userinfos).toEqual({
      user: [{ userid: 'alice' }],
    });
  });
});
