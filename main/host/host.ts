import { randomUUID } from 'node:crypto';
import type { KioskConfig } from '../../contracts/config.js';
import { KioskError } from '../../contracts/errors.js';
import { Methods, type EventName, type EventOf, type HandlerTable, type HostInfo, type MethodName } from '../../contracts/protocol.js';
import type { CatalogBundles } from '../../contracts/bundle-definition.js';
import type { ServiceDefinition } from '../../contracts/service-definition.js';
import { Emitter } from '../../common/events.js';
import type { DeviceHub } from '../../drivers/hub.js';
import { BackendClient } from './backend-client.js';
import { createDevPanelHandlers } from './dev-panel/handlers.js';
import { DiagnosticsStore } from './diagnostics/audit-store.js';
import { createDiagnosticsHandlers } from './diagnostics/handlers.js';
import { HourlyCounter } from './fleet/index.js';
import type { FaceDesk } from './identity/face-desk.js';
import { createHostFaceDesk } from './identity/host-face-desk.js';
import { SignatureDesk } from './identity/signature-desk.js';
import { createMaterialsHandlers } from './materials/handlers.js';
import { MaterialsDesk } from './materials/materials-desk.js';
import { RequestActivity } from './kiosk/activity.js';
import { createKioskHandlers } from './kiosk/handlers.js';
import { hostInfo } from './kiosk/host-info.js';
import { KioskState } from './kiosk/kiosk-state.js';
import type { LicenseDesk } from './license-desk.js';
import { createLicenseDesk, createLicenseHandlers } from './license-handlers.js';
import { createLookupHandlers } from './lookup/handlers.js';
import { createBundleHandlers } from './bundles/bundle-handlers.js';
import { createPrintingHandlers } from './printing/handlers.js';
import type { QueueService } from './queue-service.js';
import { Session } from './session.js';
import { createSessionHandlers } from './session/handlers.js';
import { startHostParts, type HostOptions } from './host-start.js';
import { createCaseStatusHandlers } from './status/case-status-handlers.js';
import { createSubmissionHandlers } from './submission/handlers.js';
import { SessionSubmissions } from './submission/session-submissions.js';

export type { HostOptions } from './host-start.js';
export type HostEvent = { event: EventName; data: unknown };

/**
 * The host's composition root: config → device hub → services → each feature's handler table
 * (docs/architecture.md §2). It holds no business rule: those live in the feature folders. Both
 * shells create exactly one Host and talk to it through {@link Host.call} and {@link Host.onDidEmit}.
 */
export class Host {
  private readonly events = new Emitter<HostEvent>();
  readonly onDidEmit = this.events.event;
  readonly session = new Session();
  readonly bootId = randomUUID();
  readonly startedAt = new Date();
  private readonly handlers: HandlerTable<MethodName>;
  private disposed = false;
  private readonly requests = new RequestActivity();
  /** Submissions made in the current session: only their receipts may be printed. */
  private readonly submissions = new SessionSubmissions();
  readonly backend: BackendClient;
  readonly licenses: LicenseDesk;
  /** The session's desks: 人证核验, hand signatures, the document camera's pages. */
  readonly faces: FaceDesk;
  readonly signatures: SignatureDesk;
  readonly materials: MaterialsDesk;
  /** The technician audit log and PIN lock-out (`<dataDir>/diagnostics.sqlite`), one connection for the host's life. */
  readonly diagnosticsStore: DiagnosticsStore;
  /** Fleet telemetry: sessions ended and services used (counts only). */
  readonly usage = { sessions: new HourlyCounter(), services: new HourlyCounter() };
  /** Screen, out-of-service notice, renderer crashes, fleet status: one owner, changed through its methods. */
  readonly state = new KioskState();

  private constructor(
    readonly config: KioskConfig,
    readonly hub: DeviceHub,
    readonly queue: QueueService,
    readonly services: ServiceDefinition[],
    /** The life-event bundles over the services and the data dictionary's field groups (served with the services). */
    readonly catalogBundles: CatalogBundles = { bundles: [], fieldGroups: [] },
  ) {
    hub.onDidChangeStatus((s) => this.emit('device.status', s));
    queue.onDidChange((v) => this.emit('queue.status', v));
    queue.onDidAlert((a) => this.emit('kiosk.alert', { kind: a.kind, message: 'message' in a ? a.message : a.kind }));
    hub.idCardReader.service.onDidRemoveCard(() => this.emit('idcard.removed', {}));
    this.state.onDidChangeOutOfService(() => this.emit('kiosk.info', this.info()));
    const { session, submissions } = this;
    const backend = (this.backend = new BackendClient({ url: queue.backendUrl, token: config.backend.token }));
    this.licenses = createLicenseDesk(this);
    this.diagnosticsStore = new DiagnosticsStore(config.dataDir);
    this.faces = createHostFaceDesk(config, session, services, this.diagnosticsStore);
    this.signatures = new SignatureDesk(this);
    this.materials = new MaterialsDesk(this);
    const { faces, signatures, materials, licenses, usage } = this;
    this.handlers = {
      ...createKioskHandlers({ bootId: this.bootId, info: () => this.info(), hub, queue, services, bundles: this.catalogBundles, setScreen: (s) => this.state.setScreen(s) }),
      ...createSessionHandlers({ session, hub, services, backend, sessionParts: [licenses, faces, signatures, materials, submissions], servedSomeone: () => this.activity().sessionOpen, countSession: () => usage.sessions.add(), emitWiped: (d) => this.emit('session.wiped', d) }),
      ...createSubmissionHandlers({ kioskId: config.kioskId, services, session, submissions, queue, backend, faces, signatures, materials, countService: () => usage.services.add() }),
      ...createLookupHandlers({ services, session, backend }),
      ...createPrintingHandlers({ config, services, session, submissions, backend, hub }),
      ...createBundleHandlers({ config, hub, queue, session, backend, services, catalogBundles: this.catalogBundles, faces, signatures, materials, submissions, countService: () => usage.services.add() }),
      ...createCaseStatusHandlers({ queue }),
      ...createLicenseHandlers(this),
      ...faces.handlers(),
      ...signatures.handlers(),
      ...createMaterialsHandlers(materials, { config, printer: () => hub.documentPrinter.service }),
      ...createDiagnosticsHandlers(this),
      ...createDevPanelHandlers({ hub, devPanel: () => this.info().devPanel }),
    };
  }

  static async create(config: KioskConfig, options: HostOptions = {}): Promise<Host> {
    const { hub, queue, catalog } = await startHostParts(config, options);
    return new Host(config, hub, queue, catalog.services, { bundles: catalog.bundles, fieldGroups: catalog.fieldGroups });
  }

  get simulated(): boolean {
    return this.hub.statuses().every((s) => s.simulated);
  }

  info(): HostInfo {
    return hostInfo(this.config, this.hub.statuses(), this.bootId, this.state.outOfService);
  }

  /** Whether a citizen is using the kiosk: an open session, requests being served, the last request. */
  activity(): { sessionOpen: boolean; inFlight: number; lastActivityAt: number } {
    return { sessionOpen: this.session.current() !== null || this.submissions.size > 0, ...this.requests.snapshot() };
  }

  emit<E extends EventName>(event: E, data: EventOf<E>): void {
    this.events.fire({ event, data });
  }

  /** Validate and run one request: `method` and `params` come from outside the process, checked before typed code sees them. */
  async call(method: string, params: unknown, signal: AbortSignal): Promise<unknown> {
    if (this.disposed) throw new KioskError('not-available', 'the host is shutting down', true);
    if (!Object.prototype.hasOwnProperty.call(Methods, method)) throw new KioskError('unknown-method', `unknown method "${method}"`);
    const m = method as MethodName;
    const parsed = Methods[m].params.safeParse(params ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new KioskError('bad-request', `${method}: ${first?.path.join('.') || 'params'}: ${first?.message ?? 'invalid'}`);
    }
    const handler = this.handlers[m] as (p: unknown, s: AbortSignal) => Promise<unknown>;
    return this.requests.track(m, () => handler(parsed.data, signal));
  }

  /** The one shutdown path: wipe the session, close devices (ports, handles) and stores. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.session.wipe();
    this.events.clear();
    const parts = [this.faces, this.signatures, this.materials, this.queue, this.hub, this.diagnosticsStore, this.backend];
    const failed = (await Promise.allSettled(parts.map(async (p) => ('dispose' in p ? p.dispose() : p.close())))).filter((r) => r.status === 'rejected');
    if (failed.length) throw new AggregateError(failed.map((f) => f.reason as unknown), 'host: some parts failed to close');
  }
}
