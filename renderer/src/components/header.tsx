import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../i18n/index.js';
import { Icon } from '../icons/icons.js';

export interface HeaderProps {
  hallName: string;
  locale: Locale;
  onToggleLocale(): void;
  /** Five taps on the hall name within 3 s: the developer-panel gesture (simulated mode only). */
  onSecretGesture(): void;
  elderly: boolean;
  onToggleElderly(): void;
  onHelp(): void;
}

export function Header({ hallName, locale, onToggleLocale, onSecretGesture, elderly, onToggleElderly, onHelp }: HeaderProps) {
  const { t } = useTranslation();
  const taps = useRef<number[]>([]);
  const [clock, setClock] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setClock(new Date()), 10_000);
    return () => clearInterval(id);
  }, []);
  const tap = () => {
    const now = Date.now();
    taps.current = [...taps.current.filter((x) => now - x < 3000), now];
    if (taps.current.length >= 5) {
      taps.current = [];
      onSecretGesture();
    }
  };
  return (
    <header className="header">
      <div className="header-title" onPointerDown={tap} data-testid="hall-name">
        <span className="header-emblem" aria-hidden="true">
          <Icon name="shield" />
        </span>
        <span>{hallName}</span>
      </div>
      <time className="header-clock" dateTime={clock.toISOString()}>
        {clock.toLocaleString(locale, { month: 'long', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit' })}
      </time>
      <button type="button" className="lang-switch header-btn" onClick={onHelp} data-testid="help-open">
        <Icon name="help" /> {t('help.open')}
      </button>
      <button type="button" className="lang-switch header-btn" aria-pressed={elderly} aria-label={elderly ? t('elderly.labelOff') : t('elderly.labelOn')} onClick={onToggleElderly} data-testid="elderly-toggle">
        <Icon name="elderly" /> {elderly ? t('elderly.off') : t('elderly.on')}
      </button>
      <button type="button" className="lang-switch" onClick={onToggleLocale} aria-label={t('common.languageLabel')} data-testid="lang-switch">
        {t('common.language')}
      </button>
    </header>
  );
}
