import { z } from 'zod';

/**
 * The social security card (社会保障卡) as `kiosk-diag sscard --json` prints it (docs/protocol.md §7).
 * Holder fields are null for a card that is not a social security card, and for a field the
 * card would give only after external authentication (a PSAM) when none is configured.
 */
export const SsCardType = z.enum(['sscard', 'bank', 'unknown', 'blank']);
export type SsCardType = z.infer<typeof SsCardType>;

export const SsCardRead = z.object({
  reader: z.string(),
  atr: z.string(),
  cardType: SsCardType,
  cardNumber: z.string().nullable(),
  ssn: z.string().nullable(),
  name: z.string().nullable(),
  gender: z.enum(['male', 'female', 'unknown']).nullable(),
  nation: z.string().nullable(),
  /** YYYYMMDD */
  birthDate: z.string().nullable(),
  /** The 6-digit region code at the start of EF05's card identification code. */
  issuingArea: z.string().nullable(),
  issueDate: z.string().nullable(),
  validUntil: z.string().nullable(),
  specVersion: z.string().nullable(),
  /** Fields the card withheld because reading them needs a PSAM (external authentication). */
  psamRequired: z.array(z.string()).default([]),
});
export type SsCardRead = z.infer<typeof SsCardRead>;

/** The holder's data of a social security card, as the host keeps it (never sent to the renderer). */
export type SsCardHolder = Omit<SsCardRead, 'reader' | 'atr' | 'cardType'>;
