import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalizedText, ValueFormat } from '../../../contracts/service-definition.js';
import type { Locale } from './index.js';

/** Pick the text of a definition in the UI language (zh-CN when the language is unknown). */
export function pick(text: LocalizedText, locale: string): string {
  return locale === 'en' ? text.en : text['zh-CN'];
}

/** A lookup value formatted for `locale`: money in yuan, dates and months, areas in m². */
export function formatValue(value: string | number | undefined, format: ValueFormat, locale: Locale): string {
  if (value === undefined || value === '') return '—';
  switch (format) {
    case 'money':
      return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(Number(value));
    case 'number':
      return new Intl.NumberFormat(locale).format(Number(value));
    case 'area':
      return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(Number(value))} m²`;
    case 'date': {
      const d = new Date(`${value}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? String(value) : new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(d);
    }
    case 'month': {
      const d = new Date(`${value}-01T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? String(value) : new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(d);
    }
    default:
      return String(value);
  }
}

/** `loc(text)` in the current language, and the current locale. */
export function useLocalized(): { loc(text: LocalizedText | undefined): string; locale: Locale } {
  const { i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const loc = useCallback((text: LocalizedText | undefined) => (text ? pick(text, locale) : ''), [locale]);
  return { loc, locale };
}
