import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceStatus } from '../../../contracts/devices.js';
import type { QueueView } from '../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import { unavailableReasons } from '../catalog/availability.js';
import { departmentsOf, filterServices } from '../catalog/search.js';
import { useElderly } from '../elderly/elderly-context.js';
import { Icon } from '../icons/icons.js';
import { useLocalized } from '../i18n/localize.js';
import type { KeyboardMode } from '../keyboard/on-screen-keyboard.js';

// The keyboard (simple-keyboard and its pinyin dictionary) loads when someone starts to search.
const OnScreenKeyboard = lazy(() => import('../keyboard/on-screen-keyboard.js').then((m) => ({ default: m.OnScreenKeyboard })));

export interface HomeScreenProps {
  /** Seconds before the idle timeout returns to the start (shown so the timeout is never a surprise). */
  secondsLeft: number | null;
  services: ServiceDefinition[];
  devices: DeviceStatus[];
  queue: QueueView | null;
  onOpen(id: string): void;
  onBack(): void;
}

/** Fewer choices per screen in elderly mode. */
const ELDERLY_PAGE = 4;

/** The catalog: filter by department, search (with the kiosk's keyboard), large tiles; paged in elderly mode. */
export function HomeScreen({ secondsLeft, services, devices, queue, onOpen, onBack }: HomeScreenProps) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const elderly = useElderly();
  const [department, setDepartment] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [typing, setTyping] = useState(false);
  const [mode, setMode] = useState<KeyboardMode>('pinyin');
  const [page, setPage] = useState(0);
  const now = new Date();
  const shown = filterServices(services, query, department);
  const pages = elderly.on ? Math.max(1, Math.ceil(shown.length / ELDERLY_PAGE)) : 1;
  const current = Math.min(page, pages - 1);
  const visible = elderly.on ? shown.slice(current * ELDERLY_PAGE, (current + 1) * ELDERLY_PAGE) : shown;

  return (
    <main className="screen home" data-testid="home">
      <h1>{t('home.title')}</h1>
      <div className="catalog-tools">
        <div className="search">
          <label htmlFor="catalog-search" className="sr-only">
            {t('catalog.search')}
          </label>
          <span className="search-icon" aria-hidden="true">
            <Icon name="search" />
          </span>
          <input
            id="catalog-search"
            className="search-input"
            value={query}
            placeholder={t('catalog.searchPlaceholder')}
            inputMode="none"
            autoComplete="off"
            onFocus={() => setTyping(true)}
            onChange={(e) => {
              setQuery(e.target.value);
              setPage(0);
            }}
            data-testid="search"
          />
          {query && (
            <button type="button" className="btn btn-secondary" onClick={() => setQuery('')} data-testid="search-clear">
              {t('catalog.clear')}
            </button>
          )}
          {typing && (
            <button type="button" className="btn btn-secondary" onClick={() => setTyping(false)} data-testid="keyboard-hide">
              {t('keyboard.hide')}
            </button>
          )}
        </div>
        <div className="departments" role="radiogroup" aria-label={t('catalog.all')}>
          {[null, ...departmentsOf(services)].map((d) => {
            const id = d?.id ?? null;
            const on = department === id;
            return (
              <button
                key={id ?? 'all'}
                type="button"
                role="radio"
                aria-checked={on}
                className={`chip${on ? ' chip-on' : ''}`}
                onClick={() => {
                  setDepartment(id);
                  setPage(0);
                }}
                data-testid={`dept-${id ?? 'all'}`}
              >
                {on && <Icon name="check" />} {d ? loc(d.name) : t('catalog.all')}
              </button>
            );
          })}
        </div>
      </div>
      <div className="tiles" data-testid="tiles">
        {visible.map((s) => {
          const reasons = unavailableReasons(s, devices, now, queue);
          return (
            <button key={s.id} type="button" className={`tile${reasons.length ? ' tile-paused' : ''}`} onClick={() => onOpen(s.id)} data-testid={`service-${s.id}`}>
              <span className="tile-icon" aria-hidden="true">
                <Icon name={s.icon} />
              </span>
              <span className="tile-name">{loc(s.name)}</span>
              {!elderly.on && <span className="tile-desc">{loc(s.description)}</span>}
              {reasons.length > 0 && (
                <span className="tile-paused-label">
                  <Icon name="warning" /> {t('outOfService.paused')}
                </span>
              )}
            </button>
          );
        })}
        {visible.length === 0 && services.length > 0 && (
          <p className="instruction" data-testid="no-results">
            {t('catalog.none')}
          </p>
        )}
      </div>
      {pages > 1 && (
        <div className="pager">
          <button type="button" className="btn btn-secondary btn-lg" disabled={current === 0} onClick={() => setPage(current - 1)} data-testid="page-prev">
            {t('catalog.prev')}
          </button>
          <span>{t('catalog.page', { n: current + 1, total: pages })}</span>
          <button type="button" className="btn btn-secondary btn-lg" disabled={current >= pages - 1} onClick={() => setPage(current + 1)} data-testid="page-next">
            {t('catalog.next')}
          </button>
        </div>
      )}
      {typing ? (
        <Suspense fallback={null}>
        <OnScreenKeyboard
          mode={mode}
          onModeChange={setMode}
          value={query}
          onChange={(v) => {
            setQuery(v);
            setPage(0);
          }}
        />
        </Suspense>
      ) : (
        <nav className="bottom-bar">
          <button type="button" className="btn btn-secondary btn-lg" onClick={onBack} data-testid="back">
            {t('common.back')}
          </button>
          {secondsLeft !== null && (
            <span className="flow-timer" data-testid="home-timer">
              {t('flow.timeLeft', { count: secondsLeft })}
            </span>
          )}
        </nav>
      )}
    </main>
  );
}
