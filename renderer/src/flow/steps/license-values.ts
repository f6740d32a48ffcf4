/** Original (正本, A3) or duplicate (副本, A4). */
export type LicenseCopy = 'original' | 'duplicate';

/**
 * What the license-lookup step hands the license-print step through the flow's values (strings):
 * the normalised code and the sheets this visit may print. The host keeps the authoritative copy.
 */
export function licenseValueKeys(lookupStepId: string) {
  return { uscc: `${lookupStepId}.uscc`, original: `${lookupStepId}.original`, duplicate: `${lookupStepId}.duplicate` };
}
