import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Warnings that anyone on the internet can trigger (refused or ignored
 * callbacks), logged at most once per key and interval; the rest go to
 * debug, so a flood of junk cannot fill the log.
 */
export class ThrottledWarnings {
  readonly #last = new Map<string, { at: number; heldBack: number }>();

  constructor(
    private readonly logger: LoggerService,
    private readonly everyMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Warns `message` unless `key` was warned about within the interval;
   * `heldBackNote` words how many of that key went to debug since.
   */
  log(
    key: string,
    message: string,
    heldBackNote?: (heldBack: number) => string,
  ): void {
    const at = this.now();
    const last = this.#last.get(key);
    if (!last || at - last.at >= this.everyMs) {
      this.#last.set(key, { at, heldBack: 0 });
      const note =
        last?.heldBack && heldBackNote ? heldBackNote(last.heldBack) : '';
      this.logger.warn(`${message}${note}`);
    } else {
      last.heldBack += 1;
      this.logger.debug(message);
    }
  }
}
