import { z } from 'zod';
import { CatalogId, LocalizedText } from './form-field.js';

/** What every step of a service definition has: its id, its own idle timeout, an optional title. */
export const StepBase = {
  id: CatalogId,
  /** Seconds without a touch on this step before the idle warning (elderly mode doubles it). */
  timeoutSec: z.number().int().min(10).max(900).optional(),
  title: LocalizedText.optional(),
};
