/**
 * Passes on only the newest text: a slow sink gets the latest answer when
 * it is ready again instead of a queue of stale ones, in order.
 */
export class LatestOnly {
  private latest: string | undefined;
  private pumping: Promise<void> | undefined;

  constructor(private readonly send: (content: string) => Promise<void>) {}

  push(content: string) {
    this.latest = content;
    this.pumping ??= this.pump();
  }

  async drain(): Promise<void> {
    await this.pumping;
  }

  private async pump() {
    while (this.latest !== undefined) {
      const content = this.latest;
      this.latest = undefined;
      // A sink that fails now may work for the final answer.
      await this.send(content).catch(() => {});
    }
    this.pumping = undefined;
  }
}
