/** Original (正本, A3) or duplicate (副本, A4). */
export type LicenseCopy = 'original' | 'duplicate';

/**
 * What the license-lookup step hands the license-print step through the flow's values (strings):
 * the normalised code and the sheets this visit may print. The host keeps the authoritative copy.
 */
export function licenseValueKeys(lookupStepId: string) {
  return { uscc: `${lookupStepId}.uscc`, original: `${lookupStepId}.original`, duplicate: `${lookupStepId}.duplicate` };
}
/** A code's shape (GB 32100): 2 register/type characters, 6-digit area code, 10 characters; I, O, Z, S, V never occur. */
const USCC_IN_TEXT = /[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}/;

/** The unified social credit code in a scan: the code itself, or the license QR's verification URL that contains it. */
export function usccFromScan(data: string): string | null {
  return USCC_IN_TEXT.exec(data.toUpperCase())?.[0] ?? null;
}

