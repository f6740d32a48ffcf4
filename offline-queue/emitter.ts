/**
 * A tiny typed event emitter for the outbox and the sync worker. offline-queue/ may import
 * contracts/ only, so it cannot share drivers/core/events.ts; the shape is the same
 * (`onDid…(listener)` returns a disposable).
 */
export type Listener<T> = (value: T) => void;

/** Returned by every `onDid…` subscription; `dispose()` unsubscribes. */
export interface Disposable {
  dispose(): void;
}

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  /** Subscribe; the returned disposable unsubscribes. */
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /**
   * Call every listener. A throwing listener must not break the queue's own bookkeeping, so the
   * error is re-thrown on a later tick (it still reaches `uncaughtException`, it is not swallowed).
   */
  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
