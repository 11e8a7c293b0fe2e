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
      'Refused 999 more WeCom callbacks in the last 60 s: 999 bad signature; first: POST /api/wecom/suites/ww1/data-callback: 401 signature does not match',
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
        /^Refused 815 more WeCom callbacks in the last 60 s: 812 unknown integration, 3 bad signature; first: POST \/api\/wecom\/integrations\/nobody0\/callback: 404/,
      ),
    );
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
