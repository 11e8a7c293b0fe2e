import request from 'supertest';
import { ErrCode } from '../errcodes';
import {
  CORP_ID,
  MAIN_APP,
  testEmulator,
  tokenFor,
} from '../__testUtils__/fixtures';

describe('workspace OAuth', () => {
  const authorize = (emulator: ReturnType<typeof testEmulator>) =>
    request(emulator.app).get('/connect/oauth2/authorize').query({
      appid: CORP_ID,
      redirect_uri: 'http://localhost:7007/api/wecom/login?x=1',
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'st4te',
      agentid: MAIN_APP.agentId,
    });

  it('redirects with a code and the state for the current member; the code works once', async () => {
    const emulator = testEmulator();
    const res = await authorize(emulator).expect(302);
    const location = new URL(res.headers.location);
    expect(location.origin + location.pathname).toBe(
      'http://localhost:7007/api/wecom/login',
    );
    expect(location.searchParams.get('x')).toBe('1');
    expect(location.searchParams.get('state')).toBe('st4te');

    const token = await tokenFor(emulator);
    const exchange = () =>
      request(emulator.app)
        .get('/cgi-bin/auth/getuserinfo')
        .query({
          access_token: token,
          code: location.searchParams.get('code'),
        });
    expect((await exchange()).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      userid: 'alice',
    });
    expect((await exchange()).body.errcode).toBe(ErrCode.INVALID_OAUTH_CODE);
  });

  it('signs in whoever the control API says is using the client', async () => {
    const emulator = testEmulator();
    await request(emulator.app)
      .post('/_emulator/oauth/current-user')
      .send({ userid: 'carol' })
      .expect(200);
    const code = new URL(
      (await authorize(emulator)).headers.location,
    ).searchParams.get('code');
    const token = await tokenFor(emulator);
    const res = await request(emulator.app)
      .get('/cgi-bin/auth/getuserinfo')
      .query({ access_token: token, code });
    expect(res.body.userid).toBe('carol');
  });

  it('refuses a code older than 5 minutes', async () => {
    const emulator = testEmulator();
    const code = emulator.issueOAuthCode('bob');
    emulator.advanceClock(5 * 60 + 1);
    const token = await tokenFor(emulator);
    const res = await request(emulator.app)
      .get('/cgi-bin/auth/getuserinfo')
      .query({ access_token: token, code });
    expect(res.body.errcode).toBe(ErrCode.INVALID_OAUTH_CODE);
  });

  it('refuses an unknown appid', async () => {
    const emulator = testEmulator();
    const res = await request(emulator.app)
      .get('/connect/oauth2/authorize')
      .query({ appid: 'wwnope', redirect_uri: 'http://localhost/x' })
      .expect(400);
    expect(res.headers.location).toBeUndefined();
  });
});
