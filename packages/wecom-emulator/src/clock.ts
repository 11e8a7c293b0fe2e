import { DateTime } from 'luxon';

/**
 * The emulator's sense of time: a base clock plus an offset that tests and
 * the control API advance, so 72-hour and 5-minute rules run without waiting.
 *
 * @public
 */
export class EmulatorClock {
  #offsetSeconds = 0;

  constructor(private readonly base: () => DateTime = () => DateTime.now()) {}

  now(): DateTime {
    return this.base().plus({ seconds: this.#offsetSeconds });
  }

  /** Milliseconds since the epoch, for cheap comparisons in hot paths. */
  millis(): number {
    return this.now().toMillis();
  }

  /** Unix seconds, as WeCom puts in CreateTime and callback timestamps. */
  unixSeconds(): number {
    return Math.floor(this.millis() / 1000);
  }

  advance(seconds: number): void {
    this.#offsetSeconds += seconds;
  }

  reset(): void {
    this.#offsetSeconds = 0;
  }
}
