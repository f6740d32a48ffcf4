/**
 * The document printer (A3/A4 laser for business licenses and certificates): the CUPS driver and
 * the CJK font it checks for. The documents it prints (license, certificate and authorisation PDFs,
 * license data, the registry client) are in documents/.
 */
export { resolveCjkFont, SYSTEM_CJK_FONTS, type CjkFont, type CjkFontOptions } from './cjk-font.js';
export { createDocumentPrinter, type DocumentPrinterFactory, type DocumentPrinterSimControl } from './factory.js';
export { CupsDocumentPrinter, type DocumentPrinterService, type DocumentPrintOptions, type DocumentPrintOutcome, type Paper, type CupsDocumentPrinterOptions } from './document-printer-service.js';
export { type DocumentPrinterStatus } from './cups-status.js';
export { systemCupsRunner, type CupsCommandRunner } from './cups-commands.js';
export { SimCupsQueue, type DocumentPrinterSimState, type SimPrintedDocument } from './cups-sim.js';
