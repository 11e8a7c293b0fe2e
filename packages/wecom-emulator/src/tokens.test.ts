import request from 'supertest';
import { ErrCode } from './errcodes';
import {
  CORP_ID,
  MAIN_APP,
  testEmulator,
  tokenFor,
} from './__testUtils__/fixtures';

describe('access tokens', () => {
  it('issues a token for a known corp and secret, with the configured lifetime', async () => {
    const emulator = testEmulator({ tokenTtlSeconds: 600 });
    const res = await request(emulator.app)
      .get('/cgi-bin/gettoken')
      .query({ corpid: CORP_ID, corpsecret: MAIN_APP.secret });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      errcode: 0,
      errmsg: 'ok',
      expires_in: 600,
    });
    expect(res.body.access_token).toEqual(expect.any(String));
  });

  it.each([
    [
      'an unknown corp',
      { corpid: 'wwnope', corpsecret: MAIN_APP.secret },
      ErrCode.INVALID_CORPID,
    ],
    [
      'a wrong secret',
      { corpid: CORP_ID, corpsecret: 'wrong' },
      ErrCode.INVALID_SECRET,
    ],
  ])('answers HTTP 200 with an errcode for %s', async (_, query, errcode) => {
    const res = await request(testEmulator().app)
      .get('/cgi-bin/gettoken')
      .query(query);
    expect(res.status).toBe(200);
    expect(res.body.errcode).toBe(errcode);
    expect(res.body.access_token).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain(MAIN_APP.secret);
  });

  it('rejects missing and unknown tokens on API calls', async () => {
    const emulator = testEmulator();
    const missing = await request(emulator.app)
      .get('/cgi-bin/agent/get')
      .query({ agentid: 1000002 });
    expect(missing.body.errcode).toBe(ErrCode.MISSING_ACCESS_TOKEN);
    const unknown = await request(emulator.app)
      .get('/cgi-bin/agent/get')
      .query({ agentid: 1000002, access_token: 'forged' });
    expect(unknown.body.errcode).toBe(ErrCode.INVALID_ACCESS_TOKEN);
  });

  it('expires a token after its lifetime by the emulator clock, and a fresh one works', async () => {
    const emulator = testEmulator({ tokenTtlSeconds: 7200 });
    const token = await tokenFor(emulator);
    const call = (t: string) =>
      request(emulator.app)
        .get('/cgi-bin/agent/get')
        .query({ agentid: 1000002, access_token: t });

    emulator.advanceClock(7199);
    expect((await call(token)).body.errcode).toBe(0);
    emulator.advanceClock(1);
    expect((await call(token)).body.errcode).toBe(ErrCode.ACCESS_TOKEN_EXPIRED);
    expect((await call(await tokenFor(emulator))).body.errcode).toBe(0);
  });

  it('expires every live token on demand through the control API', async () => {
    const emulator = testEmulator();
    const token = await tokenFor(emulator);
    const res = await request(emulator.app)
      .post('/_emulator/tokens/expire')
      .send({});
    expect(res.body).toEqual({ expired: 1 });
    const after = await request(emulator.app)
      .get('/cgi-bin/agent/get')
      .query({ agentid: 1000002, access_token: token });
    expect(after.body.errcode).toBe(ErrCode.ACCESS_TOKEN_EXPIRED);
  });

  it('counts gettoken calls so a caching client can be checked', async () => {
    const emulator = testEmulator();
    await tokenFor(emulator);
    await tokenFor(emulator);
    expect(emulator.callCount('gettoken')).toBe(2);
  });
});
