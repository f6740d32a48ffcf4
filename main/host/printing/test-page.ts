import type { ReceiptPrinterService } from '../../../drivers/core/device.js';
import { testPage } from '../../../documents/receipts/templates.js';

/** The receipt printer's test page (a remote operator's `printTestPage`), within 30 s. */
export async function printTestPage(printer: Pick<ReceiptPrinterService, 'print'>, kioskId: string): Promise<{ jobId: string }> {
  const r = await printer.print(testPage({ at: new Date(), kioskId }), { timeoutMs: 30_000 });
  return { jobId: r.jobId };
}
