import { mockServices } from '@backstage/backend-test-utils';
import { DateTime } from 'luxon';
import { WeComSigner } from '../__testUtils__/wecomSigner';
import { IntegrationService } from '../integrations/IntegrationService';
import { IntegrationStateStore } from '../integrations/IntegrationStateStore';
import { WeComIntegration } from '../integrations/types';
import { CallbackDispatcher } from './CallbackDispatcher';
import { CallbackService } from './CallbackService';

// Anyone can post to a real integration's callback URL with a made-up
// signature. A forgery must cost no database read per request (at most one
// a second per integration), while keys an admin rotated on another
// replica are still accepted after at most one read.

const KEYS = {
  old: { token: 'TokenBeforeRotation', encodingAESKey: 'a'.repeat(43) },
  new: { token: 'TokenAfterRotation', encodingAESKey: 'b'.repeat(43) },
};

function integration(id: string, keys = KEYS.old): WeComIntegration {
  return {
    id,
    corpId: `ww${id}`,
    callback: keys,
  } as WeComIntegration;
}

/** One replica: its cached index, the shared database, a clock. */
function setup(ids = ['acme']) {
  /** What the database holds now (another replica may change it). */
  const stored = new Map(ids.map(id => [id, integration(id)]));
  /** What this replica's index cached (refreshed only every few seconds). */
  const cached = new Map(ids.map(id => [id, integration(id)]));
  const reads = new Map<string, number>();
  let now = Date.now();
  const callbacks = new CallbackService({
    integrations: {
      async get(id: string) {
        reads.set(id, (reads.get(id) ?? 0) + 1);
        return stored.get(id);
      },
      onChange() {},
    } as unknown as IntegrationService,
    index: { get: async (id: string) => cached.get(id) },
    state: {
      markVerified: async () => {},
    } as unknown as IntegrationStateStore,
    dispatcher: {} as CallbackDispatcher,
    logger: mockServices.logger.mock(),
    maxClockSkewSeconds: 300,
    now: () => DateTime.fromMillis(now),
  });
  const signed = (id: string, keys: typeof KEYS.old, echo: string) =>
    new WeComSigner(keys.token, keys.encodingAESKey, `ww${id}`).urlVerification(
      echo,
      String(Math.floor(now / 1000)),
    );
  /** The status (and text) a URL verification gets. */
  const verify = async (
    id: string,
    query: object,
    kind: 'callback' | 'bot' = 'callback',
  ) => {
    try {
      return { status: 200, text: await callbacks.verifyUrl(id, kind, query) };
    } catch (error: any) {
      return { status: error.status as number, text: error.reason as string };
    }
  };
  return {
    stored,
    cached,
    reads: (id: string) => reads.get(id) ?? 0,
    signed,
    verify,
    advance: (ms: number) => {
      now += ms;
    },
    forged: (id: string, echo: string) => ({
      ...signed(id, KEYS.old, echo),
      msg_signature: 'f'.repeat(40),
    }),
  };
}

describe('forged callback signatures', () => {
  it('refuses a flood of forged signatures with at most one database read a second per integration', async () => {
    const { verify, forged, reads, advance } = setup(['acme', 'globex']);
    // 5,000 forgeries a second for 4 s, spread over two integrations.
    for (let i = 0; i < 20_000; i++) {
      const id = i % 2 ? 'acme' : 'globex';
      const answer = await verify(id, forged(id, `echo-${i}`));
      expect(answer).toEqual({
        status: 401,
        text: 'message signature does not match (-40001)',
      });
      advance(0.2);
    }
    // The first forgery's read, then at most one a second.
    expect(reads('acme')).toBeLessThanOrEqual(5);
    expect(reads('globex')).toBeLessThanOrEqual(5);
  });

  it('accepts keys rotated on another replica after one read, though its index still has the old ones', async () => {
    const { stored, verify, signed, reads } = setup();
    stored.set('acme', integration('acme', KEYS.new));
    expect(await verify('acme', signed('acme', KEYS.new, 'after'))).toEqual({
      status: 200,
      text: 'after',
    });
    expect(reads('acme')).toBe(1);
  });

  it('accepts keys rotated on another replica during a flood of forgeries, after at most one more read', async () => {
    const { stored, verify, signed, forged, reads, advance } = setup();
    await verify('acme', forged('acme', 'before'));
    stored.set('acme', integration('acme', KEYS.new));
    for (let i = 0; i < 1_000; i++) {
      await verify('acme', forged('acme', `flood-${i}`));
      advance(1);
    }
    const readsBefore = reads('acme');
    expect(await verify('acme', signed('acme', KEYS.new, 'after'))).toEqual({
      status: 200,
      text: 'after',
    });
    expect(reads('acme') - readsBefore).toBeLessThanOrEqual(1);
  });

  it('refuses the old keys at once after another replica rotated them', async () => {
    const { stored, verify, signed } = setup();
    expect((await verify('acme', signed('acme', KEYS.old, 'one'))).status).toBe(
      200,
    );
    stored.set('acme', integration('acme', KEYS.new));
    // This replica's index still holds the old keys: the read decides.
    expect((await verify('acme', signed('acme', KEYS.old, 'two'))).status).toBe(
      401,
    );
  });

  it('refuses at once an integration another replica deleted', async () => {
    const { stored, verify, signed } = setup();
    stored.delete('acme');
    expect(await verify('acme', signed('acme', KEYS.old, 'gone'))).toEqual({
      status: 404,
      text: 'No WeCom integration with id "acme"',
    });
  });

  it('answers a flood on a bot callback URL that is not in use with its reason, without a read each', async () => {
    const { stored, cached, verify, signed, reads, advance } = setup();
    const longConnection = {
      ...integration('acme'),
      bot: { mode: 'longConnection', botId: 'aib1', secret: 's' },
    } as WeComIntegration;
    stored.set('acme', longConnection);
    cached.set('acme', longConnection);
    for (let i = 0; i < 1_000; i++) {
      const answer = await verify(
        'acme',
        signed('acme', KEYS.old, `${i}`),
        'bot',
      );
      expect(answer.status).toBe(404);
      expect(answer.text).toMatch(
        /reaches its smart bot over the long connection/,
      );
      advance(1);
    }
    expect(reads('acme')).toBeLessThanOrEqual(2);
  });
});
