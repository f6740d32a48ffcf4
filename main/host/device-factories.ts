import type { DeviceFactories } from '../../drivers/hub.js';
import { createDocumentPrinter } from '../../drivers/document-printer/index.js';
import { createIdCardReader } from '../../drivers/idcard/index.js';
import { createInProcessPrinter, createInProcessScanner } from '../../drivers/sim/inprocess-devices.js';

/** The factories the host uses for the configured devices. */
export const defaultFactories: DeviceFactories = {
  idCardReader: createIdCardReader,
  scanner: async () => createInProcessScanner(),
  receiptPrinter: async () => createInProcessPrinter(),
  documentPrinter: createDocumentPrinter,
};
