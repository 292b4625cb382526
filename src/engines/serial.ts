import { AsyncLocalStorage } from "node:async_hooks";

/**
 * One connection (a DuckDB connection, a Snowflake session) runs one statement at a time and holds
 * one transaction, so every caller takes turns. Work started inside a held turn (the statements of a transaction) runs straight
 * through instead of queueing behind itself: AsyncLocalStorage tells which turn we are in.
 */
export class SerialGate {
  private tail: Promise<void> = Promise.resolve();
  private readonly holder = new AsyncLocalStorage<SerialGate>();

  /** True when the caller already runs inside a held turn of this gate. */
  get held(): boolean {
    return this.holder.getStore() === this;
  }

  /** Runs fn alone; nested calls from inside fn run at once. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.held) return fn();
    const release = await this.acquire();
    try {
      return await this.holder.run(this, fn);
    } finally {
      release();
    }
  }

  /** Waits for a turn and returns the function that ends it. */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    await previous;
    return release;
  }
}
