import { identityFromSsCard } from './identity/sscard-identity.js';
import { shortCaseNumber } from '../../contracts/case-number.js';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import createDebug from 'debug';
import type { KioskConfig } from '../../contracts/config.js';
import { KioskError } from '../../contracts/errors.js';
import { Methods, PROTOCOL_VERSION, type EventName, type EventOf, type HandlerTable, type HostInfo, type MethodName } from '../../contracts/protocol.js';
import { Emitter } from '../../common/events.js';
import { DeviceHub, type DeviceFactories } from '../../drivers/hub.js';
import { defaultFactories } from './device-factories.js';
import { QueueService } from './queue-service.js';
import { loadServiceCatalogChecked } from './service-catalog.js';
import { BackendClient } from './backend-client.js';
import { lookupReceipt } from './service-receipts.js';
import { queueTicket, serviceReceipt } from '../../drivers/receipt-printer/templates.js';
import { toErrorData } from '../../contracts/errors.js';
import type { IdCard } from '../../contracts/devices.js';
import type { ServiceDefinition } from '../../contracts/service-definition.js';
import { Session } from './session.js';
import { APP_VERSION } from './version.js';
import { createDiagnosticsHandlers } from './diagnostics/handlers.js';
import { DiagnosticsStore } from './diagnostics/audit-store.js';
import { createLicenseHandlers, createLicenseDesk } from './license-handlers.js';
import type { LicenseDesk } from './license-desk.js';
import { HourlyCounter, type FleetStatus, type KioskScreen } from './fleet/index.js';
import { createFileKeyStore, defaultKeyFilePath } from '../../offline-queue/index.js';
import { CardTries } from './identity/card-tries.js';
import { FaceDesk } from './identity/face-desk.js';
import { SignatureDesk } from './identity/signature-desk.js';
import { createMaterialsHandlers } from './materials/handlers.js';
import { MaterialsDesk } from './materials/materials-desk.js';

const log = createDebug('kiosk:host');

interface BackendLookup {
  summary: Record<string, string | number>;
  rows: Record<string, string | number>[];
}
interface BackendTicket {
  number: string;
  window: string;
  windowEn: string;
  peopleAhead: number;
  issuedAt: string;
}

/** The value of an identity field for a form field's `prefill` (host side only: never sent to the renderer). */
function identityValue(card: IdCard, source: string): string | null {
  switch (source) {
    case 'identity.name':
      return card.name;
    case 'identity.idNumber':
      return card.idNumber;
    case 'identity.address':
      return card.address;
    case 'identity.gender':
      return card.gender;
    case 'identity.birthDate':
      return card.birthDate;
    default:
      return null;
  }
}

export interface HostEvent {
  event: EventName;
  data: unknown;
}

type Handlers = HandlerTable<MethodName>;

export interface HostOptions {
  factories?: DeviceFactories;
  /** Folder of service definitions; default `KIOSK_SERVICES_DIR` or the app's `services/`. */
  servicesDir?: string;
}

/**
 * The host's composition root: config → device hub → session → method handlers. Both shells (the
 * browser host and Electron's utilityProcess) create exactly one Host and talk to it through
 * {@link Host.call} and {@link Host.onDidEmit}.
 */
export class Host {
  private readonly events = new Emitter<HostEvent>();
  readonly onDidEmit = this.events.event;
  readonly session = new Session();
  readonly bootId = randomUUID();
  private readonly handlers: Handlers;
  private disposed = false;
  readonly backend: BackendClient;
  /** Submissions made in the current session: only their receipts may be printed. */
  private readonly sessionSubmissions = new Map<string, { serviceId: string; at: Date; online: boolean }>();
  /** Citizen activity, for the nightly restart's idle check: requests being served, and the last one. */
  private inFlightRequests = 0;
  private lastActivityAt = Date.now();
  readonly startedAt = new Date();
  /** The business-license desk: the session's license, prints and refusals. */
  readonly licenses: LicenseDesk;
  /** 人证核验: the session's face check. */
  readonly faces: FaceDesk;
  /** The session's hand signatures. */
  readonly signatures: SignatureDesk;
  /** The session's paper materials from the document camera. */
  readonly materials: MaterialsDesk;
  /** The technician audit log and PIN lock-out (`<dataDir>/diagnostics.sqlite`), one connection for the host's life. */
  readonly diagnosticsStore: DiagnosticsStore;
  /** Fleet: sessions ended and services used (counts only), the renderer's screen, the operator's notice. */
  readonly usage = { sessions: new HourlyCounter(), services: new HourlyCounter() };
  screen: KioskScreen = 'attract';
  outOfService: { on: boolean; message: string | null } = { on: false, message: null };
  rendererCrashes = 0;
  /** The fleet connection's status for the Fleet tab (set by the runtime when `fleet:` is configured). */
  fleetStatus: () => FleetStatus | null = () => null;

  private constructor(
    readonly config: KioskConfig,
    readonly hub: DeviceHub,
    readonly queue: QueueService,
    readonly services: ServiceDefinition[],
  ) {
    hub.onDidChangeStatus((s) => this.emit('device.status', s));
    queue.onDidChange((v) => this.emit('queue.status', v));
    queue.onDidAlert((a) => this.emit('kiosk.alert', { kind: a.kind, message: 'message' in a ? a.message : a.kind }));
    hub.idCardReader.service.onDidRemoveCard(() => this.emit('idcard.removed', {}));
    this.backend = new BackendClient({ url: queue.backendUrl, token: config.backend.token });
    this.licenses = createLicenseDesk(this);
    this.diagnosticsStore = new DiagnosticsStore(config.dataDir);
    this.faces = new FaceDesk({
      config,
      session: this.session,
      services,
      // The decision and its score only: no image, descriptor or name.
      audit: (action, detail) => this.diagnosticsStore.audit(action, detail.outcome === 'passed', JSON.stringify(detail)),
      // Cards are named by an HMAC under a key derived from the outbox key, kept outside the data dir.
      cardTries: new CardTries(this.diagnosticsStore, () => createFileKeyStore(defaultKeyFilePath(config.dataDir)).loadOrCreateKey()),
    });
    this.signatures = new SignatureDesk(this);
    this.materials = new MaterialsDesk(this);
    this.handlers = this.createHandlers();
  }

  private service(id: string): ServiceDefinition {
    const s = this.services.find((x) => x.id === id);
    if (!s) throw new KioskError('not-found', `no service "${id}" in the catalog`);
    return s;
  }

  private identified(what: string): IdCard {
    const id = this.session.current();
    if (!id) throw new KioskError('bad-request', `${what}: the citizen has not identified in this session`);
    return id;
  }

  private hallName(): string {
    return this.config.hall.name;
  }

  static async create(config: KioskConfig, options: HostOptions = {}): Promise<Host> {
    // A broken service definition stops start-up before any device is opened (CatalogError names the
    // file); checked in a worker thread with a time budget, so a too costly policy rule cannot hang it.
    const services = await loadServiceCatalogChecked(options.servicesDir ?? process.env.KIOSK_SERVICES_DIR ?? undefined);
    // Everything the host writes under the data dir (SQLite files and their -wal/-shm, logs, serial
    // counters, exports, spooled documents) is the kiosk's own and may hold personal data: files
    // 0600, directories 0700, whatever umask the shell was started with.
    process.umask(0o077);
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(config.dataDir, 0o700);
    const hub = await DeviceHub.create(config.devices, options.factories ?? defaultFactories, { dataDir: config.dataDir, documentFont: { fontPath: config.documents.fontPath, fontName: config.documents.fontName } });
    log('devices: %o', hub.statuses().map((s) => `${s.id}=${s.state}`));
    let queue: QueueService;
    try {
      queue = await QueueService.start(config);
    } catch (e) {
      await hub.dispose();
      throw e;
    }
    return new Host(config, hub, queue, services);
  }

  get simulated(): boolean {
    return this.hub.statuses().every((s) => s.simulated);
  }

  info(): HostInfo {
    const c = this.config;
    return {
      protocol: PROTOCOL_VERSION,
      version: APP_VERSION,
      kioskId: c.kioskId,
      locale: c.locale,
      simulated: this.simulated,
      devPanel: c.ui.devPanel && this.hub.statuses().some((s) => s.simulated),
      hall: c.hall,
      ui: { idleTimeoutSec: c.ui.idleTimeoutSec, idleWarningSec: c.ui.idleWarningSec },
      bootId: this.bootId,
      scannerWedge:
        c.devices.scanner.transport === 'keyboard'
          ? { prefix: c.devices.scanner.prefix, suffix: c.devices.scanner.suffix, maxInterKeyMs: c.devices.scanner.maxInterKeyMs, minLength: c.devices.scanner.minLength }
          : null,
      recovery: { pingIntervalMs: c.recovery.pingIntervalMs, outOfServiceAfterSec: c.recovery.outOfServiceAfterSec },
      outOfService: { ...this.outOfService },
      camera: c.identity.camera ? { label: c.identity.camera.label, deviceId: c.identity.camera.deviceId, width: c.identity.camera.width, height: c.identity.camera.height } : null,
    };
  }

  /** Whether a citizen is using the kiosk: an open session, requests being served, the last request. */
  activity(): { sessionOpen: boolean; inFlight: number; lastActivityAt: number } {
    return { sessionOpen: this.session.current() !== null || this.sessionSubmissions.size > 0, inFlight: this.inFlightRequests, lastActivityAt: this.lastActivityAt };
  }

  emit<E extends EventName>(event: E, data: EventOf<E>): void {
    this.events.fire({ event, data });
  }

  /**
   * Validate and run one request. `method` and `params` come from outside the process: both are
   * checked against the contract before any typed code sees them.
   */
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
    // Liveness and the renderer's own status reads are not citizen activity (they run on every reconnect).
    if (m === 'host.ping' || m === 'host.info' || m === 'devices.list' || m === 'queue.status' || m === 'services.list' || m === 'kiosk.screen' || m === 'diag.fleet' || m === 'submission.outcome') return handler(parsed.data, signal);
    this.inFlightRequests++;
    this.lastActivityAt = Date.now();
    try {
      return await handler(parsed.data, signal);
    } finally {
      this.inFlightRequests--;
      this.lastActivityAt = Date.now();
    }
  }

  private simOnly<T>(what: string, control: T | null): T {
    if (!control || !this.info().devPanel) throw new KioskError('not-available', `${what}: only with simulated devices and the developer panel`);
    return control;
  }

  private createHandlers(): Handlers {
    const hub = this.hub;
    return {
      ...createDiagnosticsHandlers(this),
      ...createLicenseHandlers(this),
      ...this.faces.handlers(),
      ...this.signatures.handlers(),
      ...createMaterialsHandlers(this.materials),
      'host.info': async () => this.info(),
      'host.ping': async () => ({ bootId: this.bootId, at: Date.now() }),
      'devices.list': async () => hub.statuses(),
      'kiosk.screen': async (p) => {
        this.screen = p.screen;
        return {};
      },
      'idcard.read': async (p, signal) => {
        const card = await hub.idCardReader.service.readCard({ timeoutMs: p.timeoutMs, signal });
        return this.session.setIdentity(card);
      },
      'sscard.read': async (p, signal) => {
        // Wait for the next card placement; the error of one that cannot identify says why.
        const read = await hub.sscardReader.service.readCard({ timeoutMs: p.timeoutMs, signal });
        const def = p.serviceId ? this.services.find((s) => s.id === p.serviceId) : undefined;
        return this.session.setIdentity(identityFromSsCard(read, def), 'sscard');
      },
      'scanner.scan': async (p, signal) => {
        const r = await hub.scanner.service.scanOnce({ timeoutMs: p.timeoutMs, signal });
        return { data: r.data, source: r.source, symbology: r.symbology };
      },
      'printer.status': async (_p, signal) => hub.receiptPrinter.service.readPrinterStatus({ timeoutMs: 3000, signal }),
      'session.end': async (p) => {
        if (this.session.current() !== null || this.sessionSubmissions.size > 0) this.usage.sessions.add();
        this.session.wipe();
        // A card left on the reader must not identify the next citizen.
        hub.idCardReader.service.releaseCard();
        hub.sscardReader.service.releaseCard();
        this.licenses.wipe();
        this.faces.wipe();
        this.signatures.wipe();
        this.materials.wipe();
        this.sessionSubmissions.clear();
        this.emit('session.wiped', { reason: p.reason });
        return {};
      },
      'submission.submit': async (p) => {
        // Only a service of the catalog with a submit step takes a submission: otherwise a made-up id
        // would carry the citizen's name and number past every face and signature check its definition has.
        const def = this.services.find((s) => s.id === p.serviceId);
        if (!def) throw new KioskError('bad-request', `submission.submit: no service "${p.serviceId.slice(0, 100)}" in the catalog`);
        const submitSteps = def.steps.filter((s) => s.type === 'submit');
        if (submitSteps.length === 0) throw new KioskError('bad-request', `submission.submit: ${def.id} has no submit step`);
        // The definition decides whether the identity goes with it; the renderer can only leave it out.
        const withIdentity = p.withIdentity && submitSteps.some((s) => s.withIdentity);
        const identity = this.session.current();
        if (withIdentity && !identity) throw new KioskError('bad-request', 'this service needs the citizen to identify first');
        const payload: Record<string, unknown> = { data: p.data };
        if (withIdentity && identity) {
          payload.identity = { cardType: identity.cardType, name: identity.name, idNumber: identity.idNumber };
        }
        // Fields the definition prefills from the identity: the renderer only ever saw them masked.
        if (identity) {
          const data = { ...p.data };
          for (const step of def.steps) {
            if (step.type !== 'form') continue;
            for (const f of step.fields) if (f.prefill) data[f.name] = identityValue(identity, f.prefill);
          }
          payload.data = data;
        }
        // Identity assurance: the host adds what it decided and what was signed; the
        // renderer cannot forge or leave out either, nor submit past a required face check.
        if (!this.faces.requirementMet(def)) throw new KioskError('forbidden', `${def.id}: the face check (人证核验) has not passed in this session`);
        const verification = this.faces.verificationFor(p.serviceId);
        if (verification) payload.identityVerification = verification;
        const signature = this.signatures.attachmentFor(p.serviceId);
        if (signature) payload.signature = signature;
        else if (def.steps.some((s) => s.type === 'sign')) {
          // The authorisation is the point of a sign step: a submission without it is not one the back end can act on.
          throw new KioskError('bad-request', `${p.serviceId}: this service needs the citizen's hand signature (its sign step) before it is submitted`);
        }
        const materials = await this.materials.attachmentsFor(def);
        if (materials.length > 0) payload.materials = materials;
        const id = this.queue.enqueue(p.serviceId, payload);
        // Stored sealed with the body now: the desks' plain copies go.
        if (signature) this.signatures.taken(p.serviceId);
        this.materials.taken(p.serviceId);
        this.usage.services.add();
        // The short, checkable number the citizen reads and the receipt prints. It is derived from the
        // UUID (which stays the idempotency key), so the back end can derive it too (contracts/case-number.ts).
        const caseNumber = shortCaseNumber(id, this.config.kioskId);
        // Stored either way; "online" only decides the wording (and the receipt's offline note):
        // the sync worker's state says nothing until it has tried, so ask the back end directly.
        const online = this.queue.online() && (await this.backend.reachable());
        this.sessionSubmissions.set(id, { serviceId: p.serviceId, at: new Date(), online });
        return { id, queued: true as const, online, caseNumber };
      },
      'submission.outcome': async (p) => {
        // Only this citizen's own submissions: the next one must not learn another's receipt number.
        const outcome = this.sessionSubmissions.has(p.id) ? this.queue.outbox.outcome(p.id) : null;
        if (!outcome) throw new KioskError('not-found', 'no submission of this session with that id');
        return outcome;
      },
      'queue.status': async () => this.queue.view(),
      'services.list': async () => ({ services: this.services }),
      'identity.scan': async (p, signal) => {
        const code = p.code ?? (await hub.scanner.service.scanOnce({ timeoutMs: p.timeoutMs, signal })).data;
        const r = await this.backend.post<{ card: IdCard }>('/v1/identity/qr', { code }, signal);
        return this.session.setIdentity({ ...r.body.card, photo: null, warnings: r.body.card.warnings ?? [] }, 'app');
      },
      'lookup.query': async (p, signal) => {
        const step = this.service(p.serviceId).steps.find((s) => s.id === p.stepId);
        if (!step || step.type !== 'lookup') throw new KioskError('bad-request', `${p.serviceId}: no lookup step "${p.stepId}"`);
        const identity = this.identified('lookup.query');
        const params: Record<string, string> = {};
        for (const k of step.params) params[k] = p.params[k] ?? '';
        try {
          const r = await this.backend.post<BackendLookup>(`/v1/lookups/${encodeURIComponent(step.query)}`, { idNumber: identity.idNumber, params }, signal);
          return { notFound: false, summary: r.body.summary ?? {}, rows: r.body.rows ?? [] };
        } catch (e) {
          if (e instanceof KioskError && e.code === 'not-found') return { notFound: true, summary: {}, rows: [] };
          throw e;
        }
      },
      'printer.printReceipt': async (p, signal) => {
        const def = this.service(p.serviceId);
        const identity = this.session.current();
        let doc;
        if (p.submissionId) {
          const sub = this.sessionSubmissions.get(p.submissionId);
          if (!sub || sub.serviceId !== p.serviceId) throw new KioskError('bad-request', 'printer.printReceipt: no such submission in this session');
          doc = serviceReceipt({
            serviceName: def.name[p.locale],
            locale: p.locale,
            timeZone: this.config.hall.timeZone,
            at: sub.at,
            kioskId: this.config.kioskId,
            applicantName: identity?.name ?? '',
            caseNumber: shortCaseNumber(p.submissionId, this.config.kioskId),
            progressUrl: `https://zwfw.example.gov.cn/progress/${encodeURIComponent(p.submissionId)}`,
            savedOffline: !sub.online,
            hallName: this.hallName(),
          });
        } else if (p.lookup) {
          doc = lookupReceipt({ hallName: this.hallName(), serviceName: def.name[p.locale], title: p.lookup.title, at: new Date(), kioskId: this.config.kioskId, applicantName: identity?.name ?? null, lines: p.lookup.lines, locale: p.locale, timeZone: this.config.hall.timeZone });
        } else {
          throw new KioskError('bad-request', 'printer.printReceipt: give submissionId or lookup');
        }
        const out = await hub.receiptPrinter.service.print(doc, { timeoutMs: 30_000, signal });
        return { jobId: out.jobId };
      },
      'printer.printTicket': async (p, signal) => {
        const def = this.service(p.serviceId);
        const r = await this.backend.post<BackendTicket>('/v1/queue-tickets', { queue: p.queue }, signal);
        const t = r.body;
        try {
          await hub.receiptPrinter.service.print(
            queueTicket({
              number: t.number,
              window: p.locale === 'en' ? t.windowEn : t.window,
              peopleAhead: t.peopleAhead,
              // The ticket names the business chosen for it (the option's label), not the ticket service.
              serviceName: chosenOption(def, p.queue)?.[p.locale] ?? def.name[p.locale],
              at: t.issuedAt,
              kioskId: this.config.kioskId,
              hallName: this.hallName(),
              locale: p.locale,
              timeZone: this.config.hall.timeZone,
            }),
            { timeoutMs: 30_000, signal },
          );
          return { ...t, printed: true, printError: null };
        } catch (e) {
          // The number is taken either way: the screen shows it so the citizen is not sent away empty-handed.
          log('ticket %s not printed: %s', t.number, (e as Error).message);
          return { ...t, printed: false, printError: toErrorData(e) };
        }
      },
      'evaluation.submit': async (p) => {
        this.service(p.serviceId);
        // 好差评 is voluntary and the evaluator's data is protected (GB/T 39734): no identity goes with it.
        const level = ['', '非常不满意', '不满意', '基本满意', '满意', '非常满意'][p.rating];
        const id = this.queue.enqueue('evaluation', { serviceId: p.serviceId, caseId: p.caseId, rating: p.rating, level, reasons: p.reasons, comment: p.comment, channel: 'self-service-terminal' });
        return { id };
      },
      'sim.state': async () => ({
        cards: hub.idCardReader.sim?.listCards() ?? [],
        sscards: hub.sscardReader.sim?.listCards() ?? [],
        sscard: hub.sscardReader.sim?.state() ?? null,
        printer: hub.receiptPrinter.sim?.state() ?? null,
        documentPrinter: hub.documentPrinter.sim?.state() ?? null,
      }),
      'sim.placeCard': async (p) => {
        this.simOnly('sim.placeCard', hub.idCardReader.sim).placeCard(p.key);
        return {};
      },
      'sim.insertSsCard': async (p) => {
        await this.simOnly('sim.insertSsCard', hub.sscardReader.sim).insertCard(p.key);
        return {};
      },
      'sim.removeSsCard': async () => {
        await this.simOnly('sim.removeSsCard', hub.sscardReader.sim).removeCard();
        return {};
      },
      'sim.removeCard': async () => {
        this.simOnly('sim.removeCard', hub.idCardReader.sim).removeCard();
        return {};
      },
      'sim.scan': async (p) => {
        this.simOnly('sim.scan', hub.scanner.sim).scan(p.data);
        return {};
      },
      'sim.printouts': async (p) => ({ printouts: this.simOnly('sim.printouts', hub.receiptPrinter.sim).printouts().slice(-p.last) }),
      'sim.setPrinter': async (p) => {
        this.simOnly('sim.setPrinter', hub.receiptPrinter.sim).setState(p);
        return {};
      },
      'sim.setDocumentPrinter': async (p) => {
        const sim = this.simOnly('sim.setDocumentPrinter', hub.documentPrinter.sim);
        const { paperEnd, ...rest } = p;
        const now = sim.state().paperEnd;
        sim.setState({ ...rest, ...(paperEnd ? { paperEnd: { A3: paperEnd.A3 ?? now.A3, A4: paperEnd.A4 ?? now.A4 } } : {}) });
        // The hub's status follows at once, so the diagnostics and the dev panel show it.
        await hub.documentPrinter.service.readStatus({ timeoutMs: 5000 }).catch((e: unknown) => log('document printer status: %s', (e as Error).message));
        return {};
      },
    };
  }

  /** The one shutdown path: wipe the session, close devices (ports, handles) and stores. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.session.wipe();
    this.events.clear();
    const results = await Promise.allSettled([this.faces.dispose(), this.signatures.dispose(), this.materials.dispose(), this.queue.dispose(), this.hub.dispose(), Promise.resolve().then(() => this.diagnosticsStore.close())]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length) throw new AggregateError(failed.map((f) => f.reason), 'host: some parts failed to close');
  }
}

/** The label of the option `value` of the service's queue-choice field (print-ticket's `queueField`). */
function chosenOption(def: ServiceDefinition, value: string): { 'zh-CN': string; en: string } | undefined {
  const ticket = def.steps.find((s) => s.type === 'print-ticket');
  if (!ticket || ticket.type !== 'print-ticket') return undefined;
  for (const s of def.steps) {
    if (s.type !== 'form') continue;
    const f = s.fields.find((x) => x.name === ticket.queueField);
    const o = f?.options?.find((x) => x.value === value);
    if (o) return o.label;
  }
  return undefined;
}
