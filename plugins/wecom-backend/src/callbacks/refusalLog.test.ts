import { mockServices } from '@backstage/backend-test-utils';
import { Request, Response } from 'express';
import { RefusalLog } from './RefusalLog';
import { refusalHandler } from './router';
import { CallbackRefusal } from './refusals';

// The callback URLs are public: anyone can post garbage to them. Each
// refusal is answered with its reason, but the log must not grow by a line
// per request, or a flood of junk costs more than WeCom's traffic.

function refuse(
  handler: ReturnType<typeof refusalHandler>,
  path: string,
  error: Error = new CallbackRefusal(401, 'signature does not match'),
) {
  const res = {
    status: jest.fn().mockReturnThis(),
    type: jest.fn().mockReturnThis(),
    send: jest.fn().mockReturnThis(),
  };
  const next = jest.fn();
  handler(
    error,
    { method: 'POST', baseUrl: '/api/wecom', path } as Request,
    res as unknown as Response,
    next,
  );
  return { res, next };
}

function setup(intervalMs = 60_000) {
  const logger = mockServices.logger.mock();
  const counter = { add: jest.fn() };
  const refusals = new RefusalLog(logger, { intervalMs, counter });
  return { logger, counter, refusals, handler: refusalHandler(refusals) };
}

/** Every line logged at any level. */
function lines(logger: ReturnType<typeof mockServices.logger.mock>) {
  return [logger.error, logger.warn, logger.info, logger.debug].flatMap(fn =>
    fn.mock.calls.map(call => String(call[0])),
  );
}

describe('refusals of the public callback URLs', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('answers every refusal, logs one line at once and one summary an interval later', () => {
    const { logger, counter, handler } = setup();
    for (let i = 0; i < 1000; i++) {
      const { res } = refuse(handler, `/suites/ww${i}/data-callback`);
      expect(res.status).toHaveBeenCalledWith(401);
      expect(res.send).toHaveBeenCalledWith('signature does not match');
    }
    // Nothing per request, not even at debug level: a debug line still
    // goes through the logger's formatting before it is dropped.
    expect(lines(logger)).toEqual([
      'Refused WeCom callback POST /api/wecom/suites/ww0/data-callback: 401 signature does not match',
    ]);
    expect(counter.add).toHaveBeenCalledTimes(1000);
    expect(counter.add).toHaveBeenCalledWith(1, {
      kind: 'bad signature',
      status: '401',
    });

    jest.advanceTimersByTime(60_000);
    expect(lines(logger)).toHaveLength(2);
    expect(logger.warn).toHaveBeenLastCalledWith(
      'Refused 999 more WeCom callbacks in the last 60 s: 999 bad signature; by id: "ww1" 1 bad signature, "ww2" 1 bad signature, "ww3" 1 bad signature, "ww4" 1 bad signature, "ww5" 1 bad signature, "ww6" 1 bad signature, "ww7" 1 bad signature, "ww8" 1 bad signature, "ww9" 1 bad signature, "ww10" 1 bad signature, and 190+ more (989 refusals); first: POST /api/wecom/suites/ww1/data-callback: 401 signature does not match',
    );
  });

  it('sums a mixed flood up by kind, most frequent first', () => {
    const { logger, handler } = setup();
    refuse(handler, '/integrations/x/callback');
    for (let i = 0; i < 812; i++) {
      refuse(
        handler,
        `/integrations/nobody${i}/callback`,
        new CallbackRefusal(404, `No WeCom integration with id "nobody${i}"`),
      );
    }
    for (let i = 0; i < 3; i++) refuse(handler, '/integrations/x/callback');
    jest.advanceTimersByTime(60_000);
    expect(logger.warn).toHaveBeenLastCalledWith(
      expect.stringMatching(
        /^Refused 815 more WeCom callbacks in the last 60 s: 812 unknown integration, 3 bad signature; by id: "x" 3 bad signature, "nobody0" 1 unknown integration, .*, and 11\+ more \(803 refusals\); first: POST \/api\/wecom\/integrations\/nobody0\/callback: 404/,
      ),
    );
  });

  it('names the most refused ids, bounded and printable, however many ids an attacker sprays', () => {
    const { logger, handler } = setup();
    refuse(handler, '/integrations/acme/callback');
    for (let i = 0; i < 20_000; i++) {
      const id = `${Math.random().toString(36).repeat(20)}%0A\u001b[31m`;
      refuse(
        handler,
        `/integrations/${id}/callback`,
        new CallbackRefusal(404, `No WeCom integration with id "${id}"`),
      );
      if (i % 1000 === 0) refuse(handler, '/integrations/acme/callback');
      if (i % 5000 === 0) {
        refuse(
          handler,
          '/integrations/globex/callback',
          new CallbackRefusal(400, 'Body is not XML'),
        );
      }
    }
    jest.advanceTimersByTime(60_000);
    const summary = String(logger.warn.mock.lastCall?.[0]);
    expect(summary).toMatch(
      /^Refused 20024 more WeCom callbacks in the last 60 s: 20000 unknown integration, 20 bad signature, 4 malformed; by id: "acme" 20 bad signature, "globex" 4 malformed, ("[^"]{1,40}" 1 unknown integration, ){8}and 12\+ more \(19992 refusals\); first: /,
    );
    // One line, whatever the ids held.
    // eslint-disable-next-line no-control-regex
    expect(summary).not.toMatch(/[\u0000-\u001f]/);
    expect(summary.length).toBeLessThan(1_500);
  });

  it('logs at most one line per interval while a flood lasts', () => {
    const { logger, handler } = setup(10_000);
    for (let second = 0; second < 60; second++) {
      for (let i = 0; i < 50; i++) refuse(handler, '/integrations/x/callback');
      jest.advanceTimersByTime(1_000);
    }
    // One at the start, then one summary per 10 s.
    expect(lines(logger)).toHaveLength(7);
  });

  it('goes quiet after a quiet interval, and warns at once about the next refusal', () => {
    const { logger, handler } = setup();
    refuse(handler, '/integrations/x/callback');
    jest.advanceTimersByTime(60_000);
    jest.advanceTimersByTime(600_000);
    expect(lines(logger)).toHaveLength(1);
    refuse(handler, '/integrations/y/callback');
    expect(lines(logger)).toHaveLength(2);
    expect(logger.warn).toHaveBeenLastCalledWith(
      expect.stringContaining('/integrations/y/callback'),
    );
  });

  it('passes errors that are not refusals on to the error handler', () => {
    const { logger, counter, handler } = setup();
    const failure = new Error('database is down');
    const { res, next } = refuse(handler, '/integrations/x/callback', failure);
    expect(next).toHaveBeenCalledWith(failure);
    expect(res.status).not.toHaveBeenCalled();
    expect(counter.add).not.toHaveBeenCalled();
    expect(lines(logger)).toEqual([]);
  });
});
