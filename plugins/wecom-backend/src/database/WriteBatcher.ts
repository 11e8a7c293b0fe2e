interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups concurrent writes into one statement: items added in the same turn
 * of the event loop, or while the previous group is being written, are
 * written together.
 *
 * @remarks
 * Under load, knex and the driver cost more per statement than the rows do
 * (tens of microseconds each, more than a callback's crypto); a group shares
 * that cost. An idle caller waits one turn of the event loop. When a group
 * fails, its items are written one by one, so one bad item fails alone.
 */
export class WriteBatcher<Item, Result> {
  #waiting: Waiting<Item, Result>[] = [];
  #scheduled = false;
  #writing = false;

  /**
   * @param write - writes the items and answers one result per item, in
   * the same order.
   */
  constructor(
    private readonly write: (items: Item[]) => Promise<Result[]>,
    private readonly maxItems = 100,
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (!this.#scheduled && !this.#writing) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          void this.#flush();
        });
      }
    });
  }

  async #flush() {
    this.#writing = true;
    try {
      while (this.#waiting.length > 0) {
        const group = this.#waiting.splice(0, this.maxItems);
        try {
          this.#settle(group, await this.write(group.map(w => w.item)));
        } catch (error) {
          if (group.length === 1) group[0].reject(error);
          else await this.#writeOneByOne(group);
        }
      }
    } finally {
      this.#writing = false;
    }
  }

  async #writeOneByOne(group: Waiting<Item, Result>[]) {
    for (const waiting of group) {
      try {
        this.#settle([waiting], await this.write([waiting.item]));
      } catch (error) {
        waiting.reject(error);
      }
    }
  }

  #settle(group: Waiting<Item, Result>[], results: Result[]) {
    if (results.length !== group.length) {
      const error = new Error(
        `A batched write answered ${results.length} results for ${group.length} items`,
      );
      for (const waiting of group) waiting.reject(error);
      return;
    }
    group.forEach((waiting, i) => waiting.resolve(results[i]));
  }
}
