import type { DiagnosticsMethodName } from '../../../contracts/diagnostics-protocol.js';
import type { HandlerTable } from '../../../contracts/protocol.js';
import { renderCalibrationSheet } from '../../../documents/index.js';
import { SheetSerials } from '../sheet-serial-store.js';
import { effectiveCalibration, roundOffset, saveCalibration } from './calibration-store.js';
import type { DiagnosticsContext } from './context.js';

type PrintMethod = 'diag.calibration.get' | 'diag.calibration.save' | 'diag.calibration.print' | 'diag.serials.get' | 'diag.serials.set';

/** The Calibration and Sheet serial entries: the document printer's offsets and the preprinted sheets' numbers. */
export function printHandlers({ host, config, access, audited }: DiagnosticsContext): HandlerTable<Extract<DiagnosticsMethodName, PrintMethod>> {
  const serials = new SheetSerials(config.dataDir, config.documents.stock);
  return {
    'diag.calibration.get': async (p) => {
      access.check(p.token);
      return effectiveCalibration(config);
    },
    'diag.calibration.save': async (p) => {
      access.check(p.token);
      const before = effectiveCalibration(config)[p.paper];
      return audited('calibration-save', `${p.paper}: ${before.xMm}/${before.yMm} → ${roundOffset(p.offset.xMm)}/${roundOffset(p.offset.yMm)} mm`, async () => saveCalibration(config, p.paper, p.offset));
    },
    'diag.calibration.print': async (p, signal) => {
      access.check(p.token);
      const offset = { xMm: roundOffset(p.offset.xMm), yMm: roundOffset(p.offset.yMm) };
      return audited('calibration-print', `${p.paper} at ${offset.xMm}/${offset.yMm} mm`, async () => {
        const pdf = await renderCalibrationSheet({ paper: p.paper, offset, font: { fontPath: config.documents.fontPath, fontName: config.documents.fontName } });
        const out = await host.hub.documentPrinter.service.printPdf(pdf, { paper: p.paper, timeoutMs: 120_000, signal, title: `calibration ${p.paper}` });
        return { jobId: out.jobId };
      }, (r) => `job ${r.jobId}`);
    },
    'diag.serials.get': async (p) => {
      access.check(p.token);
      return serials.view();
    },
    'diag.serials.set': async (p) => {
      access.check(p.token);
      const before = serials.view()[p.paper];
      // Serials are no personal data: the old and new one are both in the audit.
      return audited('sheet-serial-set', `${p.paper}: ${before.next ?? '(none)'} after ${before.used} sheets → ${p.first.toUpperCase()}`, async () => serials.set(p.paper, p.first));
    },
  };
}
