import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { emulatorOptionsSchema, loadEmulatorOptions } from './config';
import {
  DEMO_AGENT_ID,
  DEMO_APP_SECRET,
  DEMO_BOT_ENCODING_AES_KEY,
  DEMO_CORP_ID,
  DEMO_ENCODING_AES_KEY,
  DEMO_SUITE_ENCODING_AES_KEY,
  DEMO_USERS,
  demoEmulatorOptions,
} from './demo';
import { createEmulator } from './server';

describe('demo corp', () => {
  it('has valid 43-character EncodingAESKeys', () => {
    for (const key of [
      DEMO_ENCODING_AES_KEY,
      DEMO_BOT_ENCODING_AES_KEY,
      DEMO_SUITE_ENCODING_AES_KEY,
    ]) {
      expect(key).toHaveLength(43);
      expect(Buffer.from(`${key}=`, 'base64')).toHaveLength(32);
    }
  });

  it('calls back into the local Backstage on the integration’s paths', () => {
    const [corp] = demoEmulatorOptions().corps!;
    expect(corp.apps[0].callback!.url).toBe(
      'http://localhost:7007/api/wecom/integrations/demo/callback',
    );
    expect(corp.bot!.callbackUrl).toBe(
      'http://localhost:7007/api/wecom/integrations/demo/bot-callback',
    );
    expect(corp.suites![0].callback!.url).toBe(
      'http://localhost:7007/api/wecom/suites/wwsuitedemo00001/callback',
    );
    const custom = demoEmulatorOptions({
      backstageUrl: 'http://bs:3000/',
      integrationId: 'acme',
    });
    expect(custom.corps![0].apps[0].callback!.url).toBe(
      'http://bs:3000/api/wecom/integrations/acme/callback',
    );
  });

  it('lets the catalog link every demo user by mobile or email', async () => {
    const emulator = createEmulator();
    const token = (
      await request(emulator.app)
        .get('/cgi-bin/gettoken')
        .query({ corpid: DEMO_CORP_ID, corpsecret: DEMO_APP_SECRET })
    ).body.access_token;
    const viaEmail: string[] = [];
    for (const user of DEMO_USERS) {
      const res = await request(emulator.app)
        .post('/cgi-bin/user/get_userid_by_email')
        .query({ access_token: token })
        .send({ email: user.catalogEmail, email_type: user.bizMail ? 1 : 2 });
      viaEmail.push(res.body.userid);
    }
    const withMobile = DEMO_USERS.filter(u => u.mobile);
    const viaMobile: string[] = [];
    for (const user of withMobile) {
      const res = await request(emulator.app)
        .post('/cgi-bin/user/getuserid')
        .query({ access_token: token })
        .send({ mobile: user.mobile });
      viaMobile.push(res.body.userid);
    }
    expect(viaEmail).toEqual(DEMO_USERS.map(u => u.userid));
    expect(viaMobile).toEqual(withMobile.map(u => u.userid));
    expect(withMobile.length).toBeLessThan(DEMO_USERS.length);
    expect(new Set(DEMO_USERS.map(u => u.backstageName)).size).toBe(
      DEMO_USERS.length,
    );
    expect(DEMO_USERS.map(u => u.backstageName)).toEqual(
      expect.arrayContaining(['guest', 'jdoe']),
    );
    expect(emulator.state.directory.corp().apps.has(DEMO_AGENT_ID)).toBe(true);
  });

  it('round-trips through the JSON config schema and loader', async () => {
    const options = demoEmulatorOptions();
    expect(emulatorOptionsSchema.parse(options)).toEqual(options);
    const dir = await mkdtemp(join(tmpdir(), 'wecom-emulator-'));
    const path = join(dir, 'config.json');
    await writeFile(path, JSON.stringify({ ...options, tokenTtlSeconds: 60 }));
    expect((await loadEmulatorOptions(path)).tokenTtlSeconds).toBe(60);
    await writeFile(
      path,
      JSON.stringify({
        corps: [{ corpId: 'x', apps: [{ agentId: 'one' }], users: [] }],
      }),
    );
    await expect(loadEmulatorOptions(path)).rejects.toThrow(
      /corps\.0\.apps\.0\.agentId/,
    );
  });
});
