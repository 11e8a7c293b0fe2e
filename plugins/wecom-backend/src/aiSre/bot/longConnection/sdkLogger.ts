import { LoggerService } from '@backstage/backend-plugin-api';
import type { Logger } from '@wecom/aibot-node-sdk';
import { describeSdkError } from './sdkErrors';

/**
 * The SDK's logger, on Backstage's. Its debug lines carry whole frames
 * (what users wrote, one-time response_url codes), so they are dropped; its
 * chatty info lines (connecting, auth frame sent) become debug. The bot
 * Secret is never in a line on purpose, and is cut out should it ever be.
 */
export function createSdkLogger(
  logger: LoggerService,
  secrets: string[],
): Logger {
  const known = secrets.filter(secret => secret.length > 0);
  const line = (message: string, args: unknown[]) => {
    const text = [
      message,
      ...args.map(arg =>
        typeof arg === 'string' ? arg : describeSdkError(arg),
      ),
    ].join(' ');
    return known.reduce(
      (redacted, secret) => redacted.split(secret).join('[redacted]'),
      `WeCom long connection: ${text}`,
    );
  };
  return {
    debug: () => {},
    info: (message, ...args) => logger.debug(line(message, args)),
    // WeCom's refusals are reported once, clearly, by the manager.
    warn: (message, ...args) => logger.warn(line(message, args)),
    error: (message, ...args) => logger.warn(line(message, args)),
  };
}
