import request from 'supertest';
import { ErrCode } from '../errcodes';
import {
  CORP_ID,
  MAIN_APP,
  testCorp,
  testEmulator,
} from '../__testUtils__/fixtures';

describe('third-party suite', () => {
  const suite = {
    suiteId: 'wwsuite01',
    suiteSecret: 'suite-secret',
    suiteTicket: 'ticket-1',
    permanentCode: 'perm-1',
  };
  const emulatorWithSuite = () =>
    testEmulator({ corps: [testCorp({ suites: [suite] })] });

  it('walks suite token → permanent code → corp token, and the corp token calls APIs', async () => {
    const emulator = emulatorWithSuite();
    const suiteToken = (
      await request(emulator.app)
        .post('/cgi-bin/service/get_suite_token')
        .send({
          suite_id: suite.suiteId,
          suite_secret: suite.suiteSecret,
          suite_ticket: suite.suiteTicket,
        })
    ).body.suite_access_token;
    expect(suiteToken).toEqual(expect.any(String));

    const authCode = emulator.issueSuiteAuthCode(suite.suiteId);
    const permanent = await request(emulator.app)
      .post('/cgi-bin/service/get_permanent_code')
      .query({ suite_access_token: suiteToken })
      .send({ auth_code: authCode });
    expect(permanent.body).toMatchObject({
      errcode: 0,
      permanent_code: suite.permanentCode,
      auth_corp_info: { corpid: CORP_ID },
      auth_info: { agent: [{ agentid: MAIN_APP.agentId }] },
    });
    const reused = await request(emulator.app)
      .post('/cgi-bin/service/get_permanent_code')
      .query({ suite_access_token: suiteToken })
      .send({ auth_code: authCode });
    expect(reused.body.errcode).toBe(ErrCode.INVALID_AUTH_CODE);

    const corpToken = await request(emulator.app)
      .post('/cgi-bin/service/get_corp_token')
      .query({ suite_access_token: suiteToken })
      .send({ auth_corpid: CORP_ID, permanent_code: suite.permanentCode });
    const agent = await request(emulator.app).get('/cgi-bin/agent/get').query({
      access_token: corpToken.body.access_token,
      agentid: MAIN_APP.agentId,
    });
    expect(agent.body.errcode).toBe(0);
  });

  it.each([
    ['suite id', { suite_id: 'nope' }, ErrCode.INVALID_SUITE_ID],
    ['secret', { suite_secret: 'nope' }, ErrCode.INVALID_SUITE_SECRET],
    ['ticket', { suite_ticket: 'nope' }, ErrCode.INVALID_SUITE_TICKET],
  ])('refuses a wrong %s', async (_, override, errcode) => {
    const res = await request(emulatorWithSuite().app)
      .post('/cgi-bin/service/get_suite_token')
      .send({
        suite_id: suite.suiteId,
        suite_secret: suite.suiteSecret,
        suite_ticket: suite.suiteTicket,
        ...override,
      });
    expect(res.body.errcode).toBe(errcode);
  });

  it('refuses a wrong permanent code', async () => {
    const emulator = emulatorWithSuite();
    const { body } = await request(emulator.app)
      .post('/cgi-bin/service/get_suite_token')
      .send({
        suite_id: suite.suiteId,
        suite_secret: suite.suiteSecret,
        suite_ticket: suite.suiteTicket,
      });
    const res = await request(emulator.app)
      .post('/cgi-bin/service/get_corp_token')
      .query({ suite_access_token: body.suite_access_token })
      .send({ auth_corpid: CORP_ID, permanent_code: 'wrong' });
    expect(res.body.errcode).toBe(ErrCode.INVALID_PERMANENT_CODE);
  });
});
