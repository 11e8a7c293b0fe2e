import {
  LoggerService,
  RootLoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { inspect } from 'node:util';

/** One log line as a logger would write it: level, message, every field. */
export interface RecordedLogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  /** The child labels and the line's own meta, errors included. */
  meta: Record<string, unknown>;
  /** The whole line as text (message, labels, meta, error stacks). */
  text: string;
}

/**
 * A root logger that keeps every line, at every level, so a test can look
 * for what must never be logged (secrets) or must be (refusals).
 */
export class RecordingLogger implements RootLoggerService {
  constructor(
    readonly lines: RecordedLogLine[] = [],
    private readonly labels: JsonObject = {},
  ) {}

  error(message: string, meta?: Error | JsonObject) {
    this.record('error', message, meta);
  }
  warn(message: string, meta?: Error | JsonObject) {
    this.record('warn', message, meta);
  }
  info(message: string, meta?: Error | JsonObject) {
    this.record('info', message, meta);
  }
  debug(message: string, meta?: Error | JsonObject) {
    this.record('debug', message, meta);
  }
  child(meta: JsonObject): LoggerService {
    return new RecordingLogger(this.lines, { ...this.labels, ...meta });
  }

  private record(
    level: RecordedLogLine['level'],
    message: string,
    meta?: Error | JsonObject,
  ) {
    const fields: Record<string, unknown> = {
      ...this.labels,
      ...(meta instanceof Error ? { error: meta } : meta),
    };
    const text = `${level} ${message} ${inspect(fields, {
      depth: 10,
      breakLength: Infinity,
    })}`;
    this.lines.push({ level, message, meta: fields, text });
  }
}

/** The service factory that makes a test backend log into `logger`. */
export function recordingRootLoggerFactory(logger: RecordingLogger) {
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => logger,
  });
}
