/**
 * The documents the kiosk prints, apart from the drivers that print them: the business license
 * (layouts for pre-printed stock, license data, the registry client), the certificate and
 * authorisation PDFs, and the receipt printer's slips. Drivers hold protocols only and never import
 * this folder; documents use the drivers' types (ReceiptDocument) and fonts.
 */
export { renderLicensePdf, renderCalibrationSheet, type CalibrationOffset, type LicenseRenderOptions, type CalibrationRenderOptions } from './license/license-pdf.js';
export { loadLayout, loadLicenseItems, defaultLayoutId, LicenseLayout, LAYOUT_DIR } from './license/layout.js';
export { LicenseData, LicenseRecord, AuthorisedPerson, PrintAudit, EntityType, PersonRole, type LicenseCopy } from './license/license-data.js';
export { findAuthorisedPerson, idNumberSha256 } from './license/license-authorisation.js';
export { fetchLicenseRecord, postPrintAudit, type RegistryClientOptions } from './license/registry-client.js';
export { renderCertificatePdf, type CertificateRenderOptions } from './pdf/certificate-pdf.js';
export { serviceReceipt, queueTicket, testPage } from './receipts/templates.js';
