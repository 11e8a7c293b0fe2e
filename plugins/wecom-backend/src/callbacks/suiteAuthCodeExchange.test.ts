import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations } from '../database/migrations';
import { WeComApiError, WeComClient } from '../connector';
import { SecretSealer } from '../integrations/sealing';
import { SuiteAuthCodeStore } from '../integrations/SuiteAuthCodeStore';
import { SuiteStore } from '../integrations/SuiteStore';
import { SuiteAuthCodeExchange } from './SuiteAuthCodeExchange';

jest.setTimeout(60_000);

// The auth codes of create_auth / reset_permanent_code, recorded before the
// answer and exchanged after it: one replica per code, a clear end state,
// and instructions applied in WeCom's order, not in arrival order.

const databases = createTestDatabases();
const SUITE = {
  suiteId: 'wwsuite0000000009',
  suiteSecret: 'suite-secret',
  token: 'Token',
  encodingAESKey: 'a'.repeat(43),
};
const CORP = 'wwcorp0000000009';
const sealer = SecretSealer.fromPassphrase(
  'a-test-sealing-key-of-at-least-32-characters',
);

/** A WeCom that answers get_permanent_code as `answer` says, counting calls. */
function fakeWeCom(answer: (authCode: string) => unknown) {
  const calls: string[] = [];
  const client = {
    getPermanentCode: async (authCode: string) => {
      calls.push(authCode);
      return answer(authCode);
    },
  } as unknown as WeComClient;
  return { calls, clientFor: () => client };
}

const granted = (code: string) => ({
  permanent_code: `permanent-for-${code}`,
  auth_corp_info: { corpid: CORP, corp_name: 'Corp' },
  auth_info: { agent: [{ agentid: 1000002 }] },
});

describe.each(databases.eachSupportedId())(
  'suite auth codes on %p',
  databaseId => {
    let knex: Knex;
    let codes: SuiteAuthCodeStore;
    let suiteStore: SuiteStore;
    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await applyMigrations(knex);
      codes = new SuiteAuthCodeStore(knex, () => sealer);
      suiteStore = new SuiteStore(knex, () => sealer);
    });

    const exchange = (clientFor: () => WeComClient, now?: () => DateTime) =>
      new SuiteAuthCodeExchange({
        codes,
        suiteStore,
        suites: [SUITE],
        clientFor,
        logger: mockServices.logger.mock(),
        now,
      });
    const record = (authCode: string, instructionAt = DateTime.utc()) =>
      codes.record({
        suiteId: SUITE.suiteId,
        infoType: 'create_auth',
        authCode,
        instructionAt,
      });

    it('records a code once: a repeated instruction adds nothing', async () => {
      expect(await record('code-1')).toBe(true);
      expect(await record('code-1')).toBe(false);
      const rows = await knex('wecom_suite_auth_codes').select();
      expect(rows).toHaveLength(1);
      // Sealed at rest, like every secret of the plugin.
      expect(JSON.stringify(rows)).not.toContain('code-1');
    });

    it('gives a code to one replica only, even when both claim at once', async () => {
      await record('code-2');
      const staleBefore = DateTime.utc().minus({ minutes: 3 });
      const [a, b] = await Promise.all([
        codes.claimDue('replica-a', staleBefore),
        codes.claimDue('replica-b', staleBefore),
      ]);
      expect(a.length + b.length).toBe(1);
      // Nor does a later pass take it while the claim is fresh.
      expect(await codes.claimDue('replica-c', staleBefore)).toEqual([]);
    });

    it('two replicas kicking together spend the code once', async () => {
      await record('code-3');
      const wecom = fakeWeCom(granted);
      await Promise.all([
        exchange(wecom.clientFor).kick(),
        exchange(wecom.clientFor).kick(),
      ]);
      expect(wecom.calls).toEqual(['code-3']);
      expect(await suiteStore.getPermanentCode(SUITE.suiteId, CORP)).toBe(
        'permanent-for-code-3',
      );
      expect(await codes.find(SUITE.suiteId, 'code-3')).toMatchObject({
        status: 'done',
        corpId: CORP,
      });
    });

    it('takes over a code whose replica died mid-exchange', async () => {
      await record('code-4');
      const long = DateTime.utc().minus({ minutes: 10 });
      expect(await codes.claimDue('dead-replica', long)).toHaveLength(1);
      const wecom = fakeWeCom(granted);
      // Four minutes later the dead replica's claim is stale.
      await exchange(wecom.clientFor, () =>
        DateTime.utc().plus({ minutes: 4 }),
      ).kick();
      expect(wecom.calls).toEqual(['code-4']);
    });

    it('keeps a claimed code from another replica while the first works through a slow batch', async () => {
      // Replica A claims both codes at once; WeCom is slow, so by the time
      // A starts on the second, its claim of the batch is minutes old. A
      // replica B passing then must not take the code A is exchanging.
      let t = DateTime.utc();
      const clock = () => t;
      codes = new SuiteAuthCodeStore(knex, () => sealer, clock);
      await record('slow-1', t);
      await record('slow-2', t);
      const calls: string[] = [];
      const replicaB = exchange(
        fakeWeCom(code => {
          calls.push(`b:${code}`);
          return granted(code);
        }).clientFor,
        clock,
      );
      const replicaA = exchange(
        fakeWeCom(async code => {
          calls.push(`a:${code}`);
          t = t.plus({ minutes: 2 });
          if (code === 'slow-2') await replicaB.kick();
          return granted(code);
        }).clientFor,
        clock,
      );
      await replicaA.kick();
      expect(calls).toEqual(['a:slow-1', 'a:slow-2']);
      expect(await codes.find(SUITE.suiteId, 'slow-2')).toMatchObject({
        status: 'done',
      });
    });

    it('keeps the permanent code when the database fails once after WeCom handed it out', async () => {
      // The code is spent by then: asking WeCom again cannot get it back.
      await record('db-blip');
      const save = suiteStore.saveAuthorization.bind(suiteStore);
      let failures = 1;
      suiteStore.saveAuthorization = async (...args) => {
        if (failures-- > 0) throw new Error('Connection terminated');
        return save(...args);
      };
      const wecom = fakeWeCom(granted);
      await exchange(wecom.clientFor).kick();
      expect(wecom.calls).toEqual(['db-blip']);
      expect(await suiteStore.getPermanentCode(SUITE.suiteId, CORP)).toBe(
        'permanent-for-db-blip',
      );
      expect(await codes.find(SUITE.suiteId, 'db-blip')).toMatchObject({
        status: 'done',
      });
    });

    it('ends a code WeCom refuses as failed, and never asks again', async () => {
      await record('code-5');
      const wecom = fakeWeCom(() => {
        throw new WeComApiError({
          errcode: 40078,
          errmsg: 'invalid auth_code',
          api: '/cgi-bin/service/get_permanent_code',
        });
      });
      const replica = exchange(wecom.clientFor);
      await replica.kick();
      await replica.kick();
      expect(wecom.calls).toHaveLength(1);
      expect(await codes.find(SUITE.suiteId, 'code-5')).toMatchObject({
        status: 'failed',
        lastError: expect.stringContaining('40078'),
      });
      expect(await suiteStore.getAuthorization(SUITE.suiteId, CORP)).toBe(
        undefined,
      );
    });

    it('retries a code WeCom never answered a few times, then gives up', async () => {
      await record('code-6');
      const wecom = fakeWeCom(() => {
        throw new Error('connect ECONNREFUSED');
      });
      for (let pass = 0; pass < 5; pass++) {
        await exchange(wecom.clientFor).kick();
      }
      expect(wecom.calls).toHaveLength(3);
      expect(await codes.find(SUITE.suiteId, 'code-6')).toMatchObject({
        status: 'failed',
        attempts: 3,
      });
    });

    it('does not spend a code older than its 10 minutes', async () => {
      await record('code-7', DateTime.utc().minus({ minutes: 11 }));
      const wecom = fakeWeCom(granted);
      await exchange(wecom.clientFor).kick();
      expect(wecom.calls).toEqual([]);
      expect(await codes.find(SUITE.suiteId, 'code-7')).toMatchObject({
        status: 'expired',
      });
    });

    it('applies instructions in the order WeCom issued them', async () => {
      const t = DateTime.utc().startOf('second');
      // Installed at t, cancelled at t+60, installed again at t+120.
      await record('install-1', t);
      await record('install-2', t.plus({ seconds: 120 }));
      const wecom = fakeWeCom(granted);
      await exchange(wecom.clientFor).kick();
      expect(
        await suiteStore.cancelAuthorization(
          SUITE.suiteId,
          CORP,
          t.plus({ seconds: 60 }),
        ),
      ).toBe(false);
      const live = await suiteStore.getAuthorization(SUITE.suiteId, CORP);
      expect(live?.cancelledAt).toBeUndefined();
      expect(await suiteStore.getPermanentCode(SUITE.suiteId, CORP)).toBe(
        'permanent-for-install-2',
      );
      // A newer cancel still works; an older install then cannot revive it.
      expect(
        await suiteStore.cancelAuthorization(
          SUITE.suiteId,
          CORP,
          t.plus({ seconds: 180 }),
        ),
      ).toBe(true);
      expect(
        await suiteStore.saveAuthorization(
          SUITE.suiteId,
          CORP,
          { permanentCode: 'stale' },
          t.plus({ seconds: 120 }),
        ),
      ).toBe(false);
      expect(
        (await suiteStore.getAuthorization(SUITE.suiteId, CORP))?.cancelledAt,
      ).toBeDefined();
    });

    it('keeps the reset code when the install code it replaced is exchanged after it', async () => {
      // create_auth's exchange gets no answer the first time; meanwhile the
      // provider resets the corp's permanent code. The install's code,
      // exchanged on a later pass, must not bring back the old code.
      const t = DateTime.utc().startOf('second');
      await record('install', t);
      await codes.record({
        suiteId: SUITE.suiteId,
        infoType: 'reset_permanent_code',
        authCode: 'reset',
        instructionAt: t.plus({ seconds: 30 }),
      });
      let refuseInstall = true;
      const wecom = fakeWeCom(code => {
        if (code === 'install' && refuseInstall) {
          refuseInstall = false;
          throw new Error('connect ETIMEDOUT');
        }
        return granted(code);
      });
      await exchange(wecom.clientFor).kick();
      await exchange(wecom.clientFor).kick();
      expect(wecom.calls).toEqual(['install', 'reset', 'install']);
      expect(await suiteStore.getPermanentCode(SUITE.suiteId, CORP)).toBe(
        'permanent-for-reset',
      );
    });

    it('replaces the permanent code of a live authorization only (reset_permanent_code)', async () => {
      const t = DateTime.utc().startOf('second');
      // A corp that removed the app keeps no permanent code.
      const gone = 'wwcorpgone000009';
      await suiteStore.cancelAuthorization(SUITE.suiteId, gone, t);
      expect(
        await suiteStore.replacePermanentCode(
          SUITE.suiteId,
          gone,
          { permanentCode: 'nobody' },
          t,
        ),
      ).toBe(false);
      expect(await suiteStore.getPermanentCode(SUITE.suiteId, gone)).toBe(
        undefined,
      );
      await suiteStore.saveAuthorization(
        SUITE.suiteId,
        CORP,
        { permanentCode: 'first', agentId: 7 },
        t,
      );
      await codes.record({
        suiteId: SUITE.suiteId,
        infoType: 'reset_permanent_code',
        authCode: 'reset-1',
        instructionAt: t.plus({ seconds: 30 }),
      });
      await exchange(fakeWeCom(granted).clientFor).kick();
      expect(await suiteStore.getPermanentCode(SUITE.suiteId, CORP)).toBe(
        'permanent-for-reset-1',
      );
      expect(
        (await suiteStore.getAuthorization(SUITE.suiteId, CORP))?.agentId,
      ).toBe(1000002);
    });
  },
);
