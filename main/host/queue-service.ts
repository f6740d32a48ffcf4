import createDebug from 'debug';
import type { KioskConfig } from '../../contracts/config.js';
import type { QueueView } from '../../contracts/protocol.js';
import { Emitter } from '../../drivers/core/events.js';
import {
  createFileKeyStore,
  createSyncWorker,
  defaultKeyFilePath,
  openOutbox,
  type Outbox,
  type SyncWorker,
} from '../../offline-queue/index.js';
import { startDemoBackend, type DemoBackend } from '../demo-backend/index.js';

const log = createDebug('kiosk:queue');

/**
 * The offline queue as the host runs it: the outbox, its sync worker, and, when the config names
 * no back end, the embedded demo back end. One `dispose()` closes all three.
 */
export class QueueService {
  private readonly changed = new Emitter<QueueView>();
  readonly onDidChange = this.changed.event;

  private constructor(
    readonly outbox: Outbox,
    readonly worker: SyncWorker,
    readonly backend: DemoBackend | null,
    readonly backendUrl: string,
  ) {
    outbox.onDidChange(() => this.changed.fire(this.view()));
    worker.onDidChangeStatus(() => this.changed.fire(this.view()));
    worker.onDidAlert((a) => log('sync alert: %s', a.kind));
  }

  static async start(config: KioskConfig): Promise<QueueService> {
    const backend = config.backend.url ? null : await startDemoBackend({ dataDir: config.dataDir, token: config.backend.token });
    const url = config.backend.url ?? backend!.url;
    let outbox: Outbox | null = null;
    try {
      // One key store for both shells, so `kiosk-diag queue sync` can always read the same data dir.
      outbox = await openOutbox({
        dataDir: config.dataDir,
        kioskId: config.kioskId,
        keyStore: createFileKeyStore(defaultKeyFilePath(config.dataDir)),
      });
      const worker = createSyncWorker({ outbox, url, token: config.backend.token });
      worker.start();
      log('queue open; back end %s', backend ? 'embedded demo' : 'configured');
      return new QueueService(outbox, worker, backend, url);
    } catch (e) {
      outbox?.close();
      await backend?.close();
      throw e;
    }
  }

  view(): QueueView {
    return { ...this.outbox.status(), sync: this.worker.status.state };
  }

  /** Durably store one submission; returns its id only after the commit. */
  enqueue(serviceId: string, payload: Record<string, unknown>): string {
    return this.outbox.enqueue(serviceId, payload);
  }

  /** True while the last contact with the back end went well (used for the citizen's wording). */
  online(): boolean {
    const s = this.worker.status.state;
    return s === 'idle' || s === 'syncing';
  }

  async dispose(): Promise<void> {
    this.changed.clear();
    await this.worker.stop();
    this.outbox.close();
    await this.backend?.close();
  }
}
