import createDebug from 'debug';
import type { KioskConfig } from '../../contracts/config.js';
import { KioskError } from '../../contracts/errors.js';
import type { QueueView } from '../../contracts/protocol.js';
import { Emitter } from '../../common/events.js';
import {
  createFileKeyStore,
  createSyncWorker,
  defaultKeyFilePath,
  openOutbox,
  OutboxCorruptError,
  OutboxReader,
  quarantinedOutbox,
  type BundleCounts,
  type CaseMember,
  type EnqueuedBundle,
  type Outbox,
  type SyncAlert,
  type SyncWorker,
} from '../../offline-queue/index.js';
import { launchBackend, type LaunchedBackend } from './backend-launcher.js';

const log = createDebug('kiosk:queue');

/**
 * The offline queue as the host runs it: the outbox, its sync worker, and, when the config names
 * no back end, the embedded demo back end. One `dispose()` closes all three.
 */
/** What the host tells the technician about the queue: the sync worker's alerts, and a damaged outbox. */
export type QueueAlert = SyncAlert | { kind: 'outbox-corrupt'; message: string };

export class QueueService {
  private readonly changed = new Emitter<QueueView>();
  readonly onDidChange = this.changed.event;
  private readonly alerts = new Emitter<QueueAlert>();
  /** Status query and bundle counts, on a read-only connection (null while the file is quarantined). */
  private readonly reader: OutboxReader | null;
  /** Sync alerts, and `outbox-corrupt` (at start-up, when found while running, and on each refused submission). */
  readonly onDidAlert = this.alerts.event;

  private constructor(
    readonly outbox: Outbox,
    readonly worker: SyncWorker,
    readonly backend: LaunchedBackend,
    readonly backendUrl: string,
  ) {
    this.reader = outbox.fault() ? null : new OutboxReader(outbox.file);
    outbox.onDidChange(() => this.changed.fire(this.view()));
    worker.onDidChangeStatus(() => this.changed.fire(this.view()));
    worker.onDidAlert((a) => {
      log('sync alert: %s', a.kind);
      this.alerts.fire(a);
    });
    outbox.onDidFault((f) => {
      // Found while running: stop writing to the file at once; it is kept for salvage.
      log('outbox damaged: %s', f.problem);
      void this.worker.stop().catch((e: unknown) => log('stopping sync after damage: %s', (e as Error).message));
      this.alerts.fire({ kind: 'outbox-corrupt', message: f.message });
    });
  }

  /** The damaged-outbox fault, or null: while set, submissions are refused (`device-error`). */
  fault(): OutboxCorruptError | null {
    return this.outbox.fault();
  }

  static async start(config: KioskConfig): Promise<QueueService> {
    const backend = await launchBackend(config);
    const url = backend.url;
    let outbox: Outbox | null = null;
    try {
      // One key store for both shells, so `kiosk-diag queue sync` can always read the same data dir.
      let quarantined = false;
      try {
        outbox = await openOutbox({
          dataDir: config.dataDir,
          kioskId: config.kioskId,
          keyStore: createFileKeyStore(defaultKeyFilePath(config.dataDir)),
        });
      } catch (e) {
        if (!(e instanceof OutboxCorruptError)) throw e;
        // The kiosk stays in service for everything but new submissions; the file is not touched.
        log('outbox failed its integrity check: %s', e.problem);
        outbox = quarantinedOutbox(e, config.kioskId);
        quarantined = true;
      }
      const worker = createSyncWorker({ outbox, url, token: config.backend.token });
      if (!quarantined) worker.start();
      log('queue open; back end %s', backend.embedded ? 'embedded demo' : 'configured');
      return new QueueService(outbox, worker, backend, url);
    } catch (e) {
      outbox?.close();
      await backend.close();
      throw e;
    }
  }

  view(): QueueView {
    return { ...this.outbox.status(), sync: this.worker.status.state };
  }

  /**
   * Durably store one submission; returns its id only after the commit. A damaged outbox or a full
   * disk throws `device-error` ("cannot save now"): nothing was stored and no id was handed out.
   */
  enqueue(serviceId: string, payload: Record<string, unknown>): string {
    try {
      return this.outbox.enqueue(serviceId, payload);
    } catch (e) {
      if (e instanceof OutboxCorruptError) this.alerts.fire({ kind: 'outbox-corrupt', message: e.message });
      throw e;
    }
  }

  /**
   * As {@link enqueue}, the body built and sealed on the outbox's worker thread: a citizen's
   * submission may carry MB of paper materials, whose serialisation and encryption must not hold the
   * host's event loop (device timeouts, the screen's requests).
   */
  async enqueueAsync(serviceId: string, payload: Record<string, unknown>): Promise<string> {
    try {
      return await this.outbox.enqueueAsync(serviceId, payload);
    } catch (e) {
      if (e instanceof OutboxCorruptError) this.alerts.fire({ kind: 'outbox-corrupt', message: e.message });
      throw e;
    }
  }

  /** Durably store every member of a life-event bundle in one transaction (all or none), bodies sealed as {@link enqueueAsync}. */
  async enqueueBundle(bundle: string, members: readonly { serviceId: string; payload: Record<string, unknown> }[]): Promise<EnqueuedBundle> {
    try {
      return await this.outbox.enqueueBundleAsync(bundle, members);
    } catch (e) {
      if (e instanceof OutboxCorruptError) this.alerts.fire({ kind: 'outbox-corrupt', message: e.message });
      throw e;
    }
  }

  /** The submissions a citizen's case number names (its whole bundle); empty when not on this kiosk. */
  findCase(caseNumber: string): CaseMember[] {
    if (!this.reader || this.outbox.fault()) throw new KioskError('device-error', 'the outbox cannot be read now (a technician has been told)');
    return this.reader.findCase(this.outbox.kioskId, caseNumber);
  }

  /** How the bundles stand, for the fleet telemetry; null when the file cannot be read. */
  bundleCounts(): BundleCounts | null {
    if (!this.reader || this.outbox.fault()) return null;
    try {
      return this.reader.bundleCounts();
    } catch (e) {
      log('bundle counts: %s', (e as Error).message);
      return null;
    }
  }

  /** Repeat a start-up alert for listeners that subscribed after it (the host, once constructed). */
  announce(): void {
    const f = this.outbox.fault();
    if (f) this.alerts.fire({ kind: 'outbox-corrupt', message: f.message });
  }

  /** True while the last contact with the back end went well (used for the citizen's wording). */
  online(): boolean {
    const s = this.worker.status.state;
    return s === 'idle' || s === 'syncing';
  }

  async dispose(): Promise<void> {
    this.changed.clear();
    this.alerts.clear();
    await this.worker.stop();
    this.reader?.close();
    this.outbox.close();
    await this.backend.close();
  }
}
