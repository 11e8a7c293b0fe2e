import { mockServices } from '@backstage/backend-test-utils';
import { Request, Response } from 'express';
import { refusalHandler } from './router';
import { CallbackRefusal } from './refusals';

// The callback URLs are public: anyone can post garbage to them. Each
// refusal is answered with its reason, but the log must not grow by a
// warning per request, or a flood of junk costs more than WeCom's traffic.

function refuse(handler: ReturnType<typeof refusalHandler>, path: string) {
  const res = {
    status: jest.fn().mockReturnThis(),
    type: jest.fn().mockReturnThis(),
    send: jest.fn().mockReturnThis(),
  };
  handler(
    new CallbackRefusal(403, 'signature does not match'),
    { method: 'POST', baseUrl: '', path } as Request,
    res as unknown as Response,
    jest.fn(),
  );
  return res;
}

describe('refusals of the public callback URLs', () => {
  it('answers every refusal but warns about a flood only now and then', () => {
    const logger = mockServices.logger.mock();
    const handler = refusalHandler(logger);
    for (let i = 0; i < 1000; i++) {
      const res = refuse(handler, `/suites/ww${i}/data-callback`);
      expect(res.status).toHaveBeenCalledWith(403);
      expect(res.send).toHaveBeenCalledWith('signature does not match');
    }
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('signature does not match'),
    );
  });
});

describe('refusals after a quiet minute', () => {
  it('warns again and says how many went unwarned', () => {
    const logger = mockServices.logger.mock();
    let now = 0;
    const handler = refusalHandler(logger, () => now);
    for (let i = 0; i < 5; i++) refuse(handler, '/suites/x/callback');
    now += 60_000;
    refuse(handler, '/suites/x/callback');
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenLastCalledWith(
      expect.stringContaining('and 4 more 403 refusals'),
    );
  });
});
