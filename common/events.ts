/**
 * A tiny typed event emitter: `onDid…(listener)` returns a disposable. The one emitter of the
 * project: drivers, the offline queue and the host all use it, so an event looks the same everywhere.
 */
export type Listener<T> = (value: T) => void;

/** Returned by every `onDid…` subscription; `dispose()` unsubscribes. */
export interface Disposable {
  dispose(): void;
}

export interface EmitterOptions {
  /**
   * What a throwing listener does to {@link Emitter.fire}.
   * - `propagate` (default): the error leaves `fire()` at once and later listeners are not called,
   *   as with a plain function call.
   * - `defer`: every listener is still called and the error is re-thrown on a later tick (it still
   *   reaches `uncaughtException`; it is not swallowed). For emitters that fire in the middle of
   *   bookkeeping that must finish, such as the outbox and the sync worker.
   */
  listenerErrors?: 'propagate' | 'defer';
}

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  private readonly defer: boolean;

  constructor(options: EmitterOptions = {}) {
    this.defer = options.listenerErrors === 'defer';
  }

  /** Subscribe; the returned disposable unsubscribes. */
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** Call every listener subscribed now (one that subscribes during `fire` waits for the next). */
  fire(value: T): void {
    for (const l of [...this.listeners]) {
      if (!this.defer) {
        l(value);
        continue;
      }
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
