import { mockServices } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { WeComSigner } from '../__testUtils__/wecomSigner';
import { WeComIntegration } from '../integrations/types';
import { SuiteDataCallbackService } from './SuiteDataCallbackService';
import { CallbackRefusal } from './refusals';

// The suite's data callback under generated input: who sealed it (the
// suite, a custom app), for which receiveId, naming which corp and agent,
// how fresh, tampered or not, well-formed or not. Only a genuine event of
// the authorized corp's app may reach the pipeline; everything else is a
// 4xx refusal or, when WeCom signed it, a 200 that changes nothing. Never
// another error (a 5xx would make WeCom retry forever).

const SUITE = {
  suiteId: 'wwsuitefuzz0002',
  suiteSecret: 'fuzz-suite-secret-0123456789',
  token: 'SuiteFuzzToken',
  encodingAESKey: 'SuiteKey0123456789abcdefghijklmnopqrstuvwxy',
};
const CUSTOM = {
  token: 'CustomAppToken',
  encodingAESKey: 'CustomKey0123456789abcdefghijklmnopqrstuvwx',
};
const TENANT = 'wwtenant0000001';
const CANCELLED = 'wwcancelled0001';
const UNAUTHORIZED = 'wwunauthorized1';
const AGENT = 1000002;
const NOW = DateTime.fromISO('2026-12-07T05:00:00Z');

const integration = (id: string, corpId: string) =>
  ({ id, mode: 'thirdPartyApp', corpId } as unknown as WeComIntegration);

const INTEGRATIONS = [
  integration('tenant', TENANT),
  integration('cancelled', CANCELLED),
  integration('unauthorized', UNAUTHORIZED),
  { ...integration('custom', 'wwcustom0000001'), mode: 'customApp' },
] as WeComIntegration[];

function setUp() {
  const accepted: Array<{ id: string; corpId: unknown }> = [];
  const service = new SuiteDataCallbackService({
    suites: [{ ...SUITE }],
    suiteStore: {
      getAuthorization: async (suiteId: string, corpId: string) => {
        if (suiteId !== SUITE.suiteId) return undefined;
        if (corpId === TENANT) return { suiteId, corpId, agentId: AGENT };
        if (corpId === CANCELLED) {
          return { suiteId, corpId, agentId: AGENT, cancelledAt: NOW };
        }
        return undefined;
      },
    },
    integrations: {
      find: async matches => INTEGRATIONS.filter(matches),
      get: async id => INTEGRATIONS.find(i => i.id === id),
    },
    appEvents: {
      accept: async (id, inner) => {
        accepted.push({ id, corpId: (inner.xml as any)?.ToUserName });
      },
    },
    logger: mockServices.logger.mock(),
    maxClockSkewSeconds: 300,
    now: () => NOW,
  });
  return { service, accepted };
}

const input = fc.record({
  keys: fc.constantFrom('suite', 'custom'),
  receiveId: fc.constantFrom(
    'suite',
    'named corp',
    TENANT,
    UNAUTHORIZED,
    'wwprovider00001',
    '',
  ),
  corp: fc.oneof(
    fc.constantFrom(TENANT, CANCELLED, UNAUTHORIZED, 'wwnobody0000001'),
    fc.string({ maxLength: 20 }),
  ),
  agent: fc.constantFrom<number | undefined>(AGENT, AGENT + 1, undefined),
  skewSeconds: fc.constantFrom(0, 30, 3600),
  tamper: fc.constantFrom('none', 'signature', 'ciphertext', 'no nonce'),
  wellFormed: fc.boolean(),
  garbage: fc.string({ maxLength: 200 }),
});

function innerXml(corp: string, agent: number | undefined): string {
  const agentField = agent === undefined ? '' : `<AgentID>${agent}</AgentID>`;
  return `<xml><ToUserName><![CDATA[${corp}]]></ToUserName><FromUserName><![CDATA[ZhangSan]]></FromUserName><CreateTime>${NOW.toUnixInteger()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[inc:1:start]]></EventKey><TaskId><![CDATA[t1]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[code]]></ResponseCode>${agentField}</xml>`;
}

type Case = typeof input extends fc.Arbitrary<infer T> ? T : never;
type Outcome = 'accepted' | 'ignored' | number;

/** What the service did with one generated request. */
async function run(c: Case) {
  const { service, accepted } = setUp();
  const keys = c.keys === 'suite' ? SUITE : CUSTOM;
  const receiveIds: Record<string, string> = {
    suite: SUITE.suiteId,
    'named corp': c.corp,
  };
  const receiveId = receiveIds[c.receiveId] ?? c.receiveId;
  const signer = new WeComSigner(keys.token, keys.encodingAESKey, receiveId);
  const plain = c.wellFormed ? innerXml(c.corp, c.agent) : c.garbage;
  const sealed = signer.xmlCallback(
    plain,
    String(NOW.toUnixInteger() - c.skewSeconds),
  );
  const query: Record<string, string> = { ...sealed.query };
  let body = sealed.body;
  if (c.tamper === 'signature') query.msg_signature = 'a'.repeat(40);
  if (c.tamper === 'no nonce') delete query.nonce;
  if (c.tamper === 'ciphertext') {
    body = body.replace(
      /(<Encrypt><!\[CDATA\[)(.)/,
      (_m, open, first) => `${open}${first === 'A' ? 'B' : 'A'}`,
    );
  }
  let outcome: Outcome;
  try {
    const answer = await service.receive(SUITE.suiteId, query, body);
    if (answer !== '') throw new Error(`answered ${JSON.stringify(answer)}`);
    outcome = accepted.length ? 'accepted' : 'ignored';
  } catch (error) {
    // Anything but a refusal would be a 5xx, which WeCom retries forever.
    if (!(error instanceof CallbackRefusal)) throw error;
    outcome = error.status;
  }
  return { outcome, accepted, receiveId };
}

/** Why an outcome is wrong for its case; empty when it is right. */
function problemsOf(
  c: Case,
  { outcome, accepted, receiveId }: Awaited<ReturnType<typeof run>>,
): string[] {
  // Signed by the suite, fresh and intact (a changed letter of the
  // ciphertext may still decrypt, but never keeps the signature).
  const genuine =
    c.keys === 'suite' &&
    c.skewSeconds <= 300 &&
    c.tamper === 'none' &&
    c.wellFormed;
  const forTenant =
    c.corp === TENANT &&
    (receiveId === SUITE.suiteId || receiveId === TENANT) &&
    c.agent !== AGENT + 1;
  const problems: string[] = [];
  if (typeof outcome === 'number' && (outcome < 400 || outcome >= 500)) {
    problems.push(`refused with ${outcome}`);
  }
  if (genuine && forTenant && outcome !== 'accepted') {
    problems.push(`a genuine event was ${outcome}`);
  }
  if (outcome === 'accepted' && !(genuine && forTenant)) {
    problems.push('a forged, stale or foreign event was accepted');
  }
  if (
    outcome === 'accepted' &&
    JSON.stringify(accepted) !==
      JSON.stringify([{ id: 'tenant', corpId: TENANT }])
  ) {
    problems.push(`accepted as ${JSON.stringify(accepted)}`);
  }
  const unsigned =
    c.keys !== 'suite' || c.skewSeconds > 300 || c.tamper !== 'none';
  if (unsigned && typeof outcome !== 'number') {
    problems.push(`an unsigned or stale request was ${outcome}`);
  }
  return problems;
}

describe('the suite data callback under generated input', () => {
  it('lets only a genuine event of the authorized corp and agent through, and never errors otherwise', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(input, async c => {
        runs++;
        const problems = problemsOf(c, await run(c));
        if (problems.length) throw new Error(problems.join('; '));
      }),
      { numRuns: 600 },
    );
    expect(runs).toBeGreaterThanOrEqual(600);
  });
});
