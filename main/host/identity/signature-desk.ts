import createDebug from 'debug';
import type { KioskConfig } from '../../../contracts/config.js';
import type { IdCard } from '../../../contracts/devices.js';
import { KioskError } from '../../../contracts/errors.js';
import type { HandlerTable } from '../../../contracts/protocol.js';
import type { ServiceDefinition, StepOf } from '../../../contracts/service-definition.js';
import { renderAuthorisationPdf } from '../../../documents/pdf/authorisation-pdf.js';
import type { DeviceHub } from '../../../drivers/hub.js';
import { effectiveCalibration } from '../diagnostics/calibration-store.js';
import { maskIdentity, type Session } from '../session.js';
import { InkCounter } from './signature-ink.js';
import { checkSignaturePng, MIN_INK_PIXELS } from './signature-png.js';

const log = createDebug('kiosk:signature');

type SignatureMethod = 'signature.submit' | 'signature.printAuthorisation';
export type SignatureHandlers = HandlerTable<SignatureMethod>;

export interface SignatureDeskHost {
  readonly config: KioskConfig;
  readonly session: Session;
  readonly services: ServiceDefinition[];
  /** The document printer prints the authorisation. */
  readonly hub: Pick<DeviceHub, 'documentPrinter'>;
}

/** What a submission carries of a signed `sign` step. */
export interface SignatureAttachment {
  stepId: string;
  format: 'png';
  base64: string;
  strokes: number;
  at: string;
}

interface Held {
  serviceId: string;
  stepId: string;
  png: Buffer;
  strokes: number;
  at: Date;
  /** The card read when it was signed: a different card read later (another citizen) does not inherit it. */
  signer: IdCard;
}

/**
 * The session's hand signature. Held in memory only, as bytes that are zeroed
 * when dropped: until the submission takes it (the outbox then keeps it sealed like every body) or
 * the session ends. It never goes to a log, to the fleet connection or back to the renderer.
 */
export class SignatureDesk {
  private held: Held | null = null;
  private readonly ink = new InkCounter();

  constructor(private readonly host: SignatureDeskHost) {}

  /** The signature for `serviceId`'s submission, if this citizen signed one; null otherwise. */
  attachmentFor(serviceId: string): SignatureAttachment | null {
    const h = this.current();
    if (!h || h.serviceId !== serviceId) return null;
    return { stepId: h.stepId, format: 'png', base64: h.png.toString('base64'), strokes: h.strokes, at: h.at.toISOString() };
  }

  /** The submission was stored with the signature in its (sealed) body: the desk's copy goes. */
  taken(serviceId: string): void {
    if (this.held?.serviceId === serviceId) this.wipe();
  }

  handlers(): SignatureHandlers {
    return {
      'signature.submit': async (p) => {
        this.signStep(p.serviceId, p.stepId, 'signature.submit');
        const signer = this.identified('signature.submit');
        // The header is cheap to check; the pixels are decoded in the worker, one image at a time,
        // and any other image meanwhile is answered busy at once.
        const image = checkSignaturePng(p.pngBase64);
        if (this.ink.busy) {
          image.png.fill(0);
          throw new KioskError('busy', 'signature.submit: still checking the previous signature', true);
        }
        let inkPixels: number;
        try {
          inkPixels = await this.ink.count(image.png);
        } catch (e) {
          image.png.fill(0);
          throw e;
        }
        if (inkPixels < MIN_INK_PIXELS || this.host.session.current() !== signer) {
          image.png.fill(0);
          if (inkPixels < MIN_INK_PIXELS) throw new KioskError('bad-request', 'signature.submit: the signature is empty or too small');
          throw new KioskError('cancelled', 'signature.submit: another card was read while the signature was checked');
        }
        this.wipe(); // a redo replaces the earlier one
        const at = new Date();
        this.held = { serviceId: p.serviceId, stepId: p.stepId, png: image.png, strokes: p.strokes, at, signer };
        log('signature for %s/%s: %d×%d px, %d bytes, %d strokes', p.serviceId, p.stepId, image.width, image.height, image.png.length, p.strokes);
        return { accepted: true as const, at: at.toISOString() };
      },
      'signature.printAuthorisation': async (p, signal) => {
        const step = this.signStep(p.serviceId, p.stepId, 'signature.printAuthorisation');
        const card = this.identified('signature.printAuthorisation');
        const h = this.current();
        if (!h || h.serviceId !== p.serviceId || h.stepId !== p.stepId) throw new KioskError('bad-request', 'signature.printAuthorisation: nothing signed for this step in this session');
        const { config } = this.host;
        // As document.print: numbered license stock in the A4 tray is for licenses only.
        if (config.documents.stock.A4.numbered) throw new KioskError('not-available', 'the A4 tray holds numbered license stock (documents.stock.A4): authorisations are not printed on it');
        const masked = maskIdentity(card);
        const pdf = await renderAuthorisationPdf({
          title: step.documentTitle[p.locale],
          paragraphs: step.body.map((t) => t[p.locale]),
          maskedName: masked.maskedName,
          maskedIdNumber: masked.maskedIdNumber,
          hallName: config.hall.name,
          kioskId: config.kioskId,
          signedAt: h.at,
          timeZone: config.hall.timeZone,
          signaturePng: h.png,
          locale: p.locale,
          offset: effectiveCalibration(config).A4,
          font: { fontPath: config.documents.fontPath, fontName: config.documents.fontName },
        });
        try {
          // printPdf checks the printer (online, paper, no error) before it submits anything, and removes its spool file.
          const out = await this.host.hub.documentPrinter.service.printPdf(pdf, { paper: 'A4', timeoutMs: 120_000, signal, title: 'authorisation A4' });
          return { jobId: out.jobId };
        } finally {
          pdf.fill(0);
        }
      },
    };
  }

  async dispose(): Promise<void> {
    this.wipe();
    await this.ink.dispose();
  }

  /** Overwrite the held PNG and drop it (session end, a redo, or taken by the submission). */
  wipe(): void {
    this.held?.png.fill(0);
    this.held = null;
  }

  private current(): Held | null {
    const h = this.held;
    if (h && this.host.session.current() !== h.signer) {
      // Another card was read since: that citizen did not sign this.
      this.wipe();
      return null;
    }
    return h;
  }

  private signStep(serviceId: string, stepId: string, what: string): StepOf<'sign'> {
    const def = this.host.services.find((s) => s.id === serviceId);
    if (!def) throw new KioskError('bad-request', `${what}: no service "${serviceId}" in the catalog`);
    const step = def.steps.find((s) => s.id === stepId);
    if (!step) throw new KioskError('bad-request', `${what}: ${serviceId} has no step "${stepId}"`);
    if (step.type !== 'sign') throw new KioskError('bad-request', `${what}: step "${stepId}" of ${serviceId} is a ${step.type} step, not a sign step`);
    return step;
  }

  private identified(what: string): IdCard {
    const card = this.host.session.current();
    if (!card) throw new KioskError('bad-request', `${what}: the citizen has not identified in this session`);
    return card;
  }
}
