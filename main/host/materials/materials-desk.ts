import createDebug from 'debug';
import type { CatalogBundles } from '../../../contracts/bundle-definition.js';
import { bundleMaterial, bundleMaterialScope, bundleMaterialStep, bundleOfScope } from '../../../contracts/bundle-materials.js';
import type { DocumentCameraConfig, KioskConfig } from '../../../contracts/config.js';
import type { IdCard } from '../../../contracts/devices.js';
import { KioskError } from '../../../contracts/errors.js';
import { type CapturedPage, MAX_CAPTURE_BYTES, type MaterialAttachment, type RetakeReason } from '../../../contracts/materials.js';
import type { ServiceDefinition, StepOf } from '../../../contracts/service-definition.js';
import type { Session } from '../session.js';
import { checkDocumentCamera, type DocumentCameraHealth } from './camera-health.js';
import { PdfThread } from './pdf-thread.js';
import type { PaperKind, Quad } from './page-processing.js';
import { PageProcessor } from './page-processor.js';
import type { PageMode } from './process-page.js';

const log = createDebug('kiosk:materials');

/** A captured frame's processing budget (an 8 MP page takes ~1 s; the worker's first start adds ~1 s). */
const CAPTURE_TIMEOUT_MS = 20_000;
const PREVIEW_TIMEOUT_MS = 5_000;

export interface MaterialsDeskHost {
  readonly config: Pick<KioskConfig, 'devices' | 'documents'>;
  readonly session: Pick<Session, 'current'>;
  readonly services: readonly ServiceDefinition[];
  /** Life-event bundles: their materials are captured under `bundle:<id>` (contracts/bundle-materials.ts). */
  readonly catalogBundles?: Pick<CatalogBundles, 'bundles'>;
}

export interface HeldPage {
  format: 'png' | 'jpeg';
  bytes: Buffer;
  width: number;
  height: number;
  thumbnail: Buffer;
}

interface Upload {
  key: string;
  page: number;
  captureId: string;
  parts: number;
  chunks: Buffer[];
  bytes: number;
}

/**
 * The session's paper materials from the document camera (高拍仪). Pages live in memory only, as
 * buffers that are zeroed when dropped: until the submission takes them (inside its sealed body: the
 * outbox keeps them encrypted like every body) or the session ends. They never go to disk, to a log
 * or to the fleet connection; the renderer gets thumbnails for the page list, nothing more.
 */
export class MaterialsDesk {
  /** `serviceId/stepId` → page index → page. */
  private readonly held = new Map<string, Map<number, HeldPage>>();
  /** The citizen the pages belong to (null: the service asks for no identity). */
  private owner: IdCard | null = null;
  private upload: Upload | null = null;
  private readonly processor = new PageProcessor('document camera', CAPTURE_TIMEOUT_MS);
  private readonly outline = new PageProcessor('document camera outline', PREVIEW_TIMEOUT_MS);
  private readonly pdfs = new PdfThread();

  constructor(private readonly host: MaterialsDeskHost) {}

  private get camera(): NonNullable<DocumentCameraConfig> {
    const c = this.host.config.devices.documentCamera;
    if (!c) throw new KioskError('not-available', 'this kiosk has no document camera (devices.documentCamera is null)');
    return c;
  }

  /** What the renderer needs to open the camera; null: none configured. */
  cameraInfo(): { label: string | null; deviceId: string | null; width: number; height: number } | null {
    const c = this.host.config.devices.documentCamera;
    return c ? { label: c.label, deviceId: c.deviceId, width: c.width, height: c.height } : null;
  }

  /**
   * The diagnostics entry: the configuration and a start of the worker captures use (starting it
   * here also warms it for the next citizen).
   */
  cameraHealth(timeoutMs: number): Promise<DocumentCameraHealth> {
    return checkDocumentCamera(this.host.config.devices.documentCamera, this.processor, timeoutMs);
  }

  /** The live outline of a preview frame. */
  async detect(serviceId: string, stepId: string, jpeg: Buffer): Promise<Quad | null> {
    const step = this.captureStep(serviceId, stepId, 'materials.detect');
    void this.camera;
    try {
      return await this.outline.detect(jpeg, this.paperFor(serviceId, step, 'materials.detect'));
    } finally {
      jpeg.fill(0);
    }
  }

  /** One part of a captured frame; the last part runs the processing. */
  async capturePart(p: { serviceId: string; stepId: string; page: number; captureId: string; part: number; parts: number; data: Buffer; mode: PageMode }): Promise<
    { state: 'partial'; received: number } | { state: 'accepted'; page: CapturedPage } | { state: 'retake'; reason: RetakeReason }
  > {
    const step = this.captureStep(p.serviceId, p.stepId, 'materials.capture');
    const camera = this.camera;
    if (p.page >= step.maxPages) throw new KioskError('bad-request', `materials.capture: ${step.id} takes at most ${step.maxPages} pages`);
    const key = `${p.serviceId}/${p.stepId}`;
    let u = this.upload;
    if (p.part === 0) {
      this.dropUpload();
      u = this.upload = { key, page: p.page, captureId: p.captureId, parts: p.parts, chunks: [], bytes: 0 };
    } else if (!u || u.key !== key || u.captureId !== p.captureId || u.page !== p.page || u.parts !== p.parts || u.chunks.length !== p.part) {
      p.data.fill(0);
      throw new KioskError('bad-request', 'materials.capture: a part out of order (start again with part 0)');
    }
    u!.chunks.push(p.data);
    u!.bytes += p.data.length;
    if (u!.bytes > MAX_CAPTURE_BYTES) {
      this.dropUpload();
      throw new KioskError('bad-request', `materials.capture: the frame is over ${MAX_CAPTURE_BYTES} bytes`);
    }
    if (p.part < p.parts - 1) return { state: 'partial', received: u!.bytes };
    this.upload = null;
    const frame = Buffer.concat(u!.chunks);
    for (const c of u!.chunks) c.fill(0);
    const owner = this.host.session.current();
    let result;
    try {
      result = await this.processor.process(frame, { mode: p.mode ?? step.mode, paper: this.paperFor(p.serviceId, step, 'materials.capture'), limits: { minSharpness: camera.minSharpness, maxGlare: camera.maxGlare } });
    } finally {
      frame.fill(0);
    }
    if (!result.ok) {
      log('%s page %d: retake (%s)', key, p.page, result.reason);
      return { state: 'retake', reason: result.reason };
    }
    if (this.host.session.current() !== owner) {
      result.bytes.fill(0);
      throw new KioskError('cancelled', 'materials.capture: another citizen identified while the page was processed');
    }
    this.claim(owner);
    const pages = this.held.get(key) ?? new Map<number, HeldPage>();
    this.held.set(key, pages);
    wipePage(pages.get(p.page));
    const page: HeldPage = { format: result.format, bytes: result.bytes, width: result.width, height: result.height, thumbnail: result.thumbnail };
    pages.set(p.page, page);
    log('%s page %d: %d×%d %s, %d bytes, sharpness %d', key, p.page, page.width, page.height, page.format, page.bytes.length, Math.round(result.quality.sharpness));
    return { state: 'accepted', page: summary(p.page, page) };
  }

  /** A retake drops the page. */
  remove(serviceId: string, stepId: string, page: number): CapturedPage[] {
    this.captureStep(serviceId, stepId, 'materials.remove');
    const pages = this.current()?.get(`${serviceId}/${stepId}`);
    if (pages) {
      wipePage(pages.get(page));
      pages.delete(page);
    }
    return this.list(serviceId, stepId);
  }

  list(serviceId: string, stepId: string): CapturedPage[] {
    this.captureStep(serviceId, stepId, 'materials.list');
    const pages = this.current()?.get(`${serviceId}/${stepId}`);
    return pages ? [...pages.entries()].sort((a, b) => a[0] - b[0]).map(([i, pg]) => summary(i, pg)) : [];
  }

  /**
   * One PDF per `capture-documents` step of the service, for the submission body. A step with fewer
   * pages than its `minPages` stops the submission: the back end cannot act on half a material.
   */
  async attachmentsFor(def: ServiceDefinition): Promise<MaterialAttachment[]> {
    const out: MaterialAttachment[] = [];
    for (const step of def.steps) if (step.type === 'capture-documents') out.push(await this.assemble(def.id, step));
    return out;
  }

  /**
   * A bundle's materials captured once each (`types`), as PDFs by type: the bundle puts each into
   * every member that needs it. Too few pages of one stops the whole bundle, as for a service.
   */
  async bundleAttachments(bundleId: string, types: readonly string[]): Promise<Map<string, MaterialAttachment>> {
    const scope = bundleMaterialScope(bundleId);
    const out = new Map<string, MaterialAttachment>();
    for (const type of types) out.set(type, await this.assemble(scope, this.captureStep(scope, type, 'bundle.submit')));
    return out;
  }

  private async assemble(scope: string, step: StepOf<'capture-documents'>): Promise<MaterialAttachment> {
    const pages = [...(this.current()?.get(`${scope}/${step.id}`)?.entries() ?? [])].sort((a, b) => a[0] - b[0]);
    if (pages.length < step.minPages) throw new KioskError('bad-request', `${scope}: ${step.name['zh-CN']} needs at least ${step.minPages} page(s), ${pages.length} taken`);
    // Assembled (pdfkit, base64, SHA-256) on a worker thread: ten pages held the event loop for over a second.
    const pdf = await this.pdfs.assemble({
      title: step.name['zh-CN'],
      pages: pages.map(([i, pg]) => ({ format: pg.format, bytes: pg.bytes, width: pg.width, height: pg.height, name: step.pages[i]?.name['zh-CN'] ?? `${step.name['zh-CN']} ${i + 1}` })),
      font: { fontPath: this.host.config.documents.fontPath, fontName: this.host.config.documents.fontName },
    });
    return { type: step.material, name: step.name['zh-CN'], pages: pages.length, pdfBase64: pdf.pdfBase64, sha256: pdf.sha256 };
  }

  /** The submission was stored with the pages in its (sealed) body: the desk's copies go. */
  taken(serviceId: string): void {
    for (const [key, pages] of this.held) {
      if (!key.startsWith(`${serviceId}/`)) continue;
      for (const pg of pages.values()) wipePage(pg);
      this.held.delete(key);
    }
  }

  /** Session end: every page and any half-received frame is overwritten and dropped. */
  wipe(): void {
    this.dropUpload();
    for (const pages of this.held.values()) for (const pg of pages.values()) wipePage(pg);
    this.held.clear();
    this.owner = null;
  }

  /** Start OpenCV in both workers before the first frame (it compiles for about a second). */
  warm(): void {
    this.processor.warm();
    this.outline.warm();
  }

  async dispose(): Promise<void> {
    this.wipe();
    await Promise.all([this.processor.dispose(), this.outline.dispose(), this.pdfs.dispose()]);
  }

  private claim(owner: IdCard | null): void {
    if (this.owner !== owner) this.wipe();
    this.owner = owner;
  }

  /**
   * The front and back for the ID card copy: pages 0 and 1 of the capture step the print-id-copy
   * step names. The buffers stay the desk's (wiped with the session or by `taken`).
   */
  idCopySides(serviceId: string, stepId: string): { front: HeldPage; back: HeldPage } {
    const def = this.service(serviceId, 'materials.printIdCopy');
    const step = def.steps.find((s) => s.id === stepId);
    if (step?.type !== 'print-id-copy') throw new KioskError('bad-request', `materials.printIdCopy: ${serviceId} has no print-id-copy step "${stepId}"`);
    const pages = this.current()?.get(`${serviceId}/${step.captureStep}`);
    const front = pages?.get(0);
    const back = pages?.get(1);
    if (!front || !back) throw new KioskError('bad-request', 'materials.printIdCopy: take both sides of the card first');
    return { front, back };
  }

  /** The held pages, unless another citizen has identified since they were taken. */
  private current(): Map<string, Map<number, HeldPage>> | null {
    if (this.held.size > 0 && this.host.session.current() !== this.owner) {
      this.wipe();
      return null;
    }
    return this.held;
  }

  private dropUpload(): void {
    for (const c of this.upload?.chunks ?? []) c.fill(0);
    this.upload = null;
  }

  private service(serviceId: string, what: string): ServiceDefinition {
    const def = this.host.services.find((s) => s.id === serviceId);
    if (!def) throw new KioskError('bad-request', `${what}: no service "${serviceId}" in the catalog`);
    return def;
  }

  /**
   * An ID card photographed for a copy is rectified to the card's own size (ID-1), anything else as
   * a sheet of A4; a bundle's materials (`bundle:<id>`) are always papers.
   */
  private paperFor(serviceId: string, step: StepOf<'capture-documents'>, what: string): PaperKind {
    if (bundleOfScope(serviceId) !== null) return 'A4';
    return this.service(serviceId, what).steps.some((s) => s.type === 'print-id-copy' && s.captureStep === step.id) ? 'card' : 'A4';
  }

  /** The capture step a `materials.*` call names: a service's own, or a material of a bundle (`bundle:<id>`, step id = material type). */
  private captureStep(serviceId: string, stepId: string, what: string): StepOf<'capture-documents'> {
    const bundleId = bundleOfScope(serviceId);
    if (bundleId !== null) {
      const bundle = this.host.catalogBundles?.bundles.find((b) => b.id === bundleId);
      if (!bundle) throw new KioskError('bad-request', `${what}: no bundle "${bundleId.slice(0, 100)}" in the catalog`);
      const material = bundleMaterial(bundle, this.host.services, stepId);
      if (!material) throw new KioskError('bad-request', `${what}: no member of ${bundle.id} needs the material "${stepId.slice(0, 100)}"`);
      return bundleMaterialStep(material, this.host.services);
    }
    const def = this.service(serviceId, what);
    const step = def.steps.find((s) => s.id === stepId);
    if (!step) throw new KioskError('bad-request', `${what}: ${serviceId} has no step "${stepId}"`);
    if (step.type !== 'capture-documents') throw new KioskError('bad-request', `${what}: step "${stepId}" of ${serviceId} is a ${step.type} step, not a capture-documents step`);
    return step;
  }
}


function wipePage(pg: HeldPage | undefined): void {
  pg?.bytes.fill(0);
  pg?.thumbnail.fill(0);
}

function summary(page: number, pg: HeldPage): CapturedPage {
  return { page, thumbnailJpegBase64: pg.thumbnail.toString('base64'), width: pg.width, height: pg.height, bytes: pg.bytes.length };
}
