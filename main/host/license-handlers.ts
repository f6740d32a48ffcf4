import type { KioskConfig } from '../../contracts/config.js';
import { KioskError } from '../../contracts/errors.js';
import { maskName } from '../../contracts/mask.js';
import type { HandlerTable } from '../../contracts/protocol.js';
import type { ServiceDefinition } from '../../contracts/service-definition.js';
import { renderCertificatePdf } from '../../documents/pdf/certificate-pdf.js';
import type { DeviceHub } from '../../drivers/hub.js';
import { effectiveCalibration } from './diagnostics/calibration-store.js';
import { LicenseDesk } from './license-desk.js';
import type { QueueService } from './queue-service.js';
import type { Session } from './session.js';
import { SheetSerials } from './sheet-serial-store.js';

/** What the license and document-printing handlers need of the host (the Host class satisfies it). */
export interface LicenseHost {
  readonly config: KioskConfig;
  readonly hub: DeviceHub;
  readonly queue: QueueService;
  readonly session: Session;
  readonly services: ServiceDefinition[];
  readonly licenses: LicenseDesk;
}

type LicenseMethod = 'license.lookup' | 'license.print' | 'document.print';
export type LicenseHandlers = HandlerTable<LicenseMethod>;

/** The host's license desk on its document printer, offline queue, receipt printer and calibration. */
export function createLicenseDesk(host: Omit<LicenseHost, 'licenses' | 'session' | 'services'>): LicenseDesk {
  const { config, hub, queue } = host;
  return new LicenseDesk({
    kioskId: config.kioskId,
    hallName: config.hall.name,
    registry: () => ({ url: queue.backendUrl, token: config.backend.token }),
    printer: hub.documentPrinter.service,
    enqueue: (serviceId, payload) => queue.enqueue(serviceId, payload),
    calibration: () => {
      const c = effectiveCalibration(config);
      return { A3: c.A3, A4: c.A4 };
    },
    font: { fontPath: config.documents.fontPath, fontName: config.documents.fontName },
    printReceipt: async (doc, signal) => {
      await hub.receiptPrinter.service.print(doc, { timeoutMs: 30_000, signal });
    },
    sheetSerials: new SheetSerials(config.dataDir, config.documents.stock),
  });
}

function serviceWith(host: LicenseHost, serviceId: string, has: (def: ServiceDefinition) => boolean, what: string): ServiceDefinition {
  const def = host.services.find((s) => s.id === serviceId);
  if (!def) throw new KioskError('not-found', `no service "${serviceId}" in the catalog`);
  if (!has(def)) throw new KioskError('bad-request', `${serviceId}: the service has no ${what}`);
  return def;
}

/** `license.lookup`, `license.print` and `document.print`, spread into the host's handler map. */
export function createLicenseHandlers(host: LicenseHost): LicenseHandlers {
  const identified = (what: string) => host.session.identified(what);
  return {
    'license.lookup': async (p, signal) => {
      serviceWith(host, p.serviceId, (d) => d.steps.some((s) => s.type === 'license-lookup'), 'license-lookup step');
      return host.licenses.lookup(identified('license.lookup'), p.uscc, signal);
    },
    'license.print': async (p, signal) => {
      serviceWith(host, p.serviceId, (d) => d.steps.some((s) => s.type === 'license-print'), 'license-print step');
      return host.licenses.print(identified('license.print'), { uscc: p.uscc, copy: p.copy, copies: p.copies }, signal);
    },
    'document.print': async (p, signal) => {
      serviceWith(host, p.serviceId, (d) => d.steps.some((s) => s.type === 'print-receipt' && !!s.document), 'A4 document step');
      // A certificate on numbered license stock would use a security sheet no audit accounts for, and
      // shift every later sheet's serial: the A4 tray then serves licenses only.
      if (host.config.documents.stock.A4.numbered) throw new KioskError('not-available', 'the A4 tray holds numbered license stock (documents.stock.A4): certificates are not printed on it');
      const identity = host.session.current();
      const pdf = await renderCertificatePdf({
        title: p.title,
        hallName: host.config.hall.name,
        applicantMaskedName: identity ? maskName(identity.name) : null,
        lines: p.lines,
        kioskId: host.config.kioskId,
        at: new Date(),
        offset: effectiveCalibration(host.config).A4,
        font: { fontPath: host.config.documents.fontPath, fontName: host.config.documents.fontName },
      });
      // printPdf checks the printer (online, paper, no error) before it submits anything.
      const out = await host.hub.documentPrinter.service.printPdf(pdf, { paper: 'A4', timeoutMs: 120_000, signal, title: 'certificate A4' });
      return { jobId: out.jobId };
    },
  };
}
