import { createDocumentPrinter } from './document-printer/index.js';
import { createIdCardReader } from './idcard/index.js';
import { createReceiptPrinter } from './receipt-printer/index.js';
import { createScanner } from './scanner/index.js';
import { createSsCardReader } from './sscard/index.js';

/**
 * Every device kind of the kiosk, by its key in `devices:` of the config, with the factory that
 * builds it (the real driver; with `transport: sim` it talks to a simulator speaking the real
 * protocol). A new device is its folder under drivers/ plus one line here: the hub, its statuses,
 * health checks and shutdown follow from this table, in this order.
 */
export const defaultFactories = {
  idCardReader: createIdCardReader,
  scanner: createScanner,
  receiptPrinter: createReceiptPrinter,
  documentPrinter: createDocumentPrinter,
  sscardReader: createSsCardReader,
};
