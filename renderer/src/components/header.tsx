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
  /** The hall's time zone (config `hall.timeZone`): the clock shows hall time, as the receipts do. */
  timeZone: string;
}

/** The header clock's two lines in hall time: "11:42" and "12月2日 周三". */
export function clockText(at: Date, locale: Locale, timeZone: string): { time: string; date: string } {
  const zone = safeZone(timeZone);
  return {
    time: at.toLocaleTimeString(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    date: at.toLocaleDateString(locale, { timeZone: zone, month: locale === 'en' ? 'short' : 'long', day: 'numeric', weekday: 'short' }),
  };
}

/** A zone the browser does not know falls back to China Standard Time, never to the machine's zone. */
function safeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch (e) {
    console.warn('unknown hall time zone, using Asia/Shanghai', zone, e);
    return 'Asia/Shanghai';
  }
}

export function Header({ hallName, locale, onToggleLocale, onSecretGesture, elderly, onToggleElderly, onHelp, timeZone }: HeaderProps) {
  const { t } = useTranslation();
  const taps = useRef<number[]>([]);
  const [clock, setClock] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setClock(new Date()), 10_000);
    return () => clearInterval(id);
  }, []);
  const shown = clockText(clock, locale, timeZone);
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
      <time className="header-clock" dateTime={clock.toISOString()} data-testid="clock">
        <span className="clock-time">{shown.time}</span>
        <span className="clock-date">{shown.date}</span>
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
