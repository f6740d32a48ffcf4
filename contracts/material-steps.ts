import { z } from 'zod';
import { CatalogId as Id, LocalizedText } from './form-field.js';
import { StepBase } from './step-base.js';

// The steps around paper materials and cases, part of the service definition's Step union.

/**
 * Paper materials on the document camera (高拍仪): a live view with the page's outline, capture on a
 * steady page or a tap, retake, the page list. The pages go with the next submission as one PDF.
 */
export const CaptureDocumentsStep = z.strictObject({
  ...StepBase,
  type: z.literal('capture-documents'),
  /** The material type id the back end files it under, e.g. `household-register`. */
  material: Id,
  /** The material's name, e.g. 户口簿. */
  name: LocalizedText,
  /** The pages asked for, in order, e.g. 户口簿首页, 本人页. */
  pages: z.array(z.strictObject({ name: LocalizedText })).min(1).max(20),
  minPages: z.number().int().min(1).max(20).default(1),
  maxPages: z.number().int().min(1).max(20).default(10),
  /** `clean`: black on white (text); `colour`: as photographed (stamps, photos). */
  mode: z.enum(['clean', 'colour']).default('clean'),
});

/**
 * The status query (办件进度查询): where the case a citizen's case number names stands on this kiosk,
 * each department's part of a bundle on its own line, a refused one with the department's reason.
 */
export const CaseStatusStep = z.strictObject({
  ...StepBase,
  type: z.literal('case-status'),
  /** The earlier form field holding the case number. */
  field: z.string().min(1).max(64),
});

/**
 * The ID card copy (身份证复印): both sides from an earlier capture-documents step printed on one A4
 * sheet with a "仅供…使用" line the citizen chooses (a preset purpose or their own words). The card's
 * images go to the printer only, never into a submission.
 */
export const PrintIdCopyStep = z.strictObject({
  ...StepBase,
  type: z.literal('print-id-copy'),
  /** The capture-documents step whose first two pages are the front and the back. */
  captureStep: Id,
  /** The purposes offered as buttons (zh-CN goes on the copy), e.g. 办理银行业务; "other" is always offered. */
  purposes: z.array(LocalizedText).min(1).max(8),
});

