/**
 * The document printer (A3/A4 laser for business licenses and certificates): PDF generation for
 * pre-printed stock, the registry client and schemas of the license flow, and the CUPS driver.
 */
export { renderLicensePdf, renderCalibrationSheet, type CalibrationOffset, type LicenseRenderOptions, type CalibrationRenderOptions } from './license-pdf.js';
export { loadLayout, loadLicenseItems, defaultLayoutId, LicenseLayout, LAYOUT_DIR } from './layout.js';
export { resolveCjkFont, SYSTEM_CJK_FONTS, type CjkFont, type CjkFontOptions } from './cjk-font.js';
export { LicenseData, LicenseRecord, AuthorisedPerson, PrintAudit, EntityType, PersonRole, type LicenseCopy } from './license-data.js';
export { findAuthorisedPerson, idNumberSha256 } from './license-authorisation.js';
export { fetchLicenseRecord, postPrintAudit, type RegistryClientOptions } from './registry-client.js';
export { createDocumentPrinter, type DocumentPrinterFactory, type DocumentPrinterSimControl } from './factory.js';
export { CupsDocumentPrinter, type DocumentPrinterService, type DocumentPrintOptions, type DocumentPrintOutcome, type Paper, type CupsDocumentPrinterOptions } from './document-printer-service.js';
export { type DocumentPrinterStatus } from './cups-status.js';
export { systemCupsRunner, type CupsCommandRunner } from './cups-commands.js';
export { SimCupsQueue, type DocumentPrinterSimState, type SimPrintedDocument } from './cups-sim.js';
export { renderCertificatePdf, type CertificateRenderOptions } from './certificate-pdf.js';
