import type { DeviceFactories } from '../../drivers/hub.js';
import { createDocumentPrinter } from '../../drivers/document-printer/index.js';
import { createIdCardReader } from '../../drivers/idcard/index.js';
import { createReceiptPrinter } from '../../drivers/receipt-printer/index.js';
import { createScanner } from '../../drivers/scanner/index.js';
import { createSsCardReader } from '../../drivers/sscard/index.js';

/**
 * The factories the host uses for the configured devices. Each builds the real driver; with
 * `sim` config the driver talks to a simulator speaking the real protocol (pty or TCP).
 */
export const defaultFactories: DeviceFactories = {
  idCardReader: createIdCardReader,
  scanner: createScanner,
  receiptPrinter: createReceiptPrinter,
  documentPrinter: createDocumentPrinter,
  sscardReader: createSsCardReader,
};
