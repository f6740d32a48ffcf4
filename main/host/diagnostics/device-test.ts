import type { DiagDeviceTestResult, DiagTestDevice } from '../../../contracts/diagnostics-protocol.js';
import type { DeviceHub } from '../../../drivers/hub.js';
import { testPage } from '../../../documents/receipts/templates.js';
import { maskIdentity } from '../session.js';

export interface DeviceTestOptions {
  timeoutMs: number;
  signal: AbortSignal;
  kioskId: string;
}

/**
 * A technician's external test with real media. The card read is not kept: it
 * never becomes a citizen's identity, only its masked form comes back, and the placement is spent
 * (`releaseCard`) so the test card does not identify the next citizen.
 */
export async function runDeviceTest(hub: DeviceHub, device: DiagTestDevice, o: DeviceTestOptions): Promise<DiagDeviceTestResult> {
  const started = Date.now();
  const request = { timeoutMs: o.timeoutMs, signal: o.signal };
  const base = { device, printed: null, card: null, scan: null };
  switch (device) {
    case 'receipt-printer': {
      // The same page `kiosk-diag print-test` prints: Chinese and English lines, a QR code, a cut.
      const service = hub.receiptPrinter.service;
      const out = await service.print(testPage({ at: new Date(), kioskId: o.kioskId, model: service.status().model ?? undefined }), request);
      return { ...base, ms: Date.now() - started, printed: { jobId: out.jobId, confirmed: out.confirmed } };
    }
    case 'idcard-reader': {
      const reader = hub.idCardReader.service;
      const m = maskIdentity(await reader.readCard(request));
      reader.releaseCard();
      return { ...base, ms: Date.now() - started, card: { cardType: m.cardType, maskedName: m.maskedName, maskedIdNumber: m.maskedIdNumber, warnings: m.warnings } };
    }
    case 'scanner': {
      const r = await hub.scanner.service.scanOnce(request);
      const scan = { chars: Array.from(r.data).length, bytes: Buffer.from(r.bytes, 'base64').length, symbology: r.symbology ?? r.aim ?? null, source: r.source };
      return { ...base, ms: Date.now() - started, scan };
    }
  }
}

/** The audit line: what was tested and how it went, never a name, number or scanned content. */
export function describeDeviceTest(r: DiagDeviceTestResult): string {
  if (r.printed) return `test page printed${r.printed.confirmed ? ', confirmed by the printer' : ' (unconfirmed: the link reads no replies)'}, job ${r.printed.jobId}, ${r.ms} ms`;
  if (r.card) return `card read (${r.card.cardType}${r.card.warnings.length ? `, warnings ${r.card.warnings.join(',')}` : ''}), ${r.ms} ms`;
  if (r.scan) return `scan of ${r.scan.bytes} bytes, symbology ${r.scan.symbology ?? 'unknown'}, via ${r.scan.source}, ${r.ms} ms`;
  return `${r.ms} ms`;
}
