import type { TFunction } from 'i18next';
import type { PolicyOutcome } from '../../../../contracts/policy-rules.js';
import type { StepOf } from '../../../../contracts/service-definition.js';
import { formatValue, pick } from '../../i18n/localize.js';
import type { Locale } from '../../i18n/index.js';

/** The host's receipt takes at most this many lines, labels and values of these lengths (contracts/protocol.ts). */
const MAX_LINES = 60;
const MAX_LABEL = 60;
const MAX_VALUE = 200;

export function money(yuan: number, locale: Locale): string {
  return formatValue(yuan, 'money', locale);
}

/**
 * The estimate as receipt lines in `locale` (zh-CN on paper, like every receipt): each subsidy with
 * its amount, basis, department and what to bring, then the totals and the "estimate only" notice.
 */
export function calculateLines(step: StepOf<'calculate'>, outcome: PolicyOutcome, t: TFunction, locale: Locale): { label: string; value: string }[] {
  const o = { lng: locale };
  const lines: { label: string; value: string }[] = [];
  for (const item of outcome.items) {
    const rule = step.rules.find((r) => r.id === item.ruleId)!;
    lines.push({ label: pick(rule.name, locale), value: t('calc.perMonth', { ...o, amount: money(item.monthly, locale) }) });
    lines.push({ label: t('calc.basis', o), value: pick(rule.basis, locale) });
    lines.push({ label: t('calc.department', o), value: pick(rule.department, locale) });
    lines.push({ label: t('calc.bring', o), value: rule.bring.map((b) => pick(b, locale)).join(locale === 'en' ? '; ' : '；') });
  }
  if (outcome.items.length === 0) lines.push({ label: '', value: step.empty ? pick(step.empty, locale) : t('calc.empty', o) });
  else {
    lines.push({ label: t('calc.monthlyTotal', o), value: money(outcome.monthlyTotal, locale) });
    lines.push({ label: t('calc.yearlyTotal', o), value: money(outcome.monthlyTotal * 12, locale) });
  }
  lines.push({ label: '', value: t('calc.estimate', o) });
  return lines.slice(0, MAX_LINES).map((l) => ({ label: l.label.slice(0, MAX_LABEL), value: l.value.slice(0, MAX_VALUE) }));
}
