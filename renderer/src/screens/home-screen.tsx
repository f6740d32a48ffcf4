import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleDefinition } from '../../../contracts/bundle-definition.js';
import type { DeviceStatus } from '../../../contracts/devices.js';
import type { QueueView } from '../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import { unavailableReasons } from '../catalog/availability.js';
import { departmentsOf, filterBundles, filterServices } from '../catalog/search.js';
import { usePageSize } from '../catalog/use-page-size.js';
import { applyFilter, lifeEventsOf, paginate, rankServices, type CatalogFilter, type UsageCounts } from '../catalog/usage.js';
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
  /** The life-event bundles (一件事一次办), behind their own entry beside search and the filter. */
  bundles: BundleDefinition[];
  devices: DeviceStatus[];
  queue: QueueView | null;
  /** How often each service was opened on this kiosk (most used first). */
  usage: UsageCounts;
  /** The hall's time zone, for opening hours. */
  timeZone: string;
  onOpen(id: string): void;
  onOpenBundle(id: string): void;
  onBack(): void;
}

/** Fewer choices per screen in elderly mode. */
const ELDERLY_PAGE = 4;

/**
 * The catalog, sized for a hall's 60–80 services: search (with the kiosk's keyboard), one filter
 * button (by department or by life event, 一件事), large tiles — most used first — in pages that
 * fit the screen, with "previous page / next page" and "page 1 of 3" in words.
 */
/** A tile of the search results: a service, or a life-event bundle the search also found. */
type Tile = { service: ServiceDefinition } | { bundle: BundleDefinition };

export function HomeScreen({ secondsLeft, services, bundles, devices, queue, usage, timeZone, onOpen, onOpenBundle, onBack }: HomeScreenProps) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const elderly = useElderly();
  const [filter, setFilter] = useState<CatalogFilter>({ kind: 'all' });
  const [choosing, setChoosing] = useState(false);
  const [query, setQuery] = useState('');
  const [typing, setTyping] = useState(false);
  const [mode, setMode] = useState<KeyboardMode>('pinyin');
  const [page, setPage] = useState(0);
  const [bundleView, setBundleView] = useState(false);
  const tilesRef = useRef<HTMLDivElement>(null);
  const { size, cols } = usePageSize(tilesRef, elderly.on ? ELDERLY_PAGE : null);
  const now = new Date();
  const ranked = useMemo(() => rankServices(services, usage), [services, usage]);
  const shown = filterServices(applyFilter(ranked, filter), query, null);
  // Search finds life-event bundles too (by name, pinyin initials, their members' names): after the
  // services, so a service the citizen typed the name of stays where it was.
  const bundleList = filterBundles(bundles.slice().sort((a, b) => a.order - b.order), query, services);
  const searched: Tile[] = [...shown.map((s) => ({ service: s })), ...(query.trim() && filter.kind === 'all' ? bundleList.map((b) => ({ bundle: b })) : [])];
  const { items: visible, page: current, pages } = paginate(searched, size, page);
  const bundlePage = paginate(bundleList, size, page);
  const pager = bundleView ? { current: bundlePage.page, pages: bundlePage.pages } : { current, pages };
  const departments = departmentsOf(services);
  const events = lifeEventsOf(services);
  const filterName =
    filter.kind === 'department' ? loc(departments.find((d) => d.id === filter.id)?.name) : filter.kind === 'event' ? t(`lifeEvents.${filter.id}`) : t('catalog.allServices');
  const choose = (f: CatalogFilter) => {
    setFilter(f);
    setPage(0);
    setChoosing(false);
  };

  const bundleTile = (b: BundleDefinition) => (
    <button key={`bundle-${b.id}`} type="button" className="tile tile-bundle" onClick={() => onOpenBundle(b.id)} data-testid={`bundle-${b.id}`}>
      <span className="tile-icon" aria-hidden="true">
        <Icon name={b.icon} />
      </span>
      <span className="tile-text">
        <span className="tile-name">{loc(b.name)}</span>
        {!elderly.on && <span className="tile-desc">{loc(b.description)}</span>}
        <span className="tile-desc">{t('bundle.departments', { count: b.departments.length })}</span>
      </span>
    </button>
  );

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
        </div>
        <button type="button" className={`btn btn-secondary filter-btn${filter.kind !== 'all' ? ' filter-on' : ''}`} onClick={() => setChoosing(true)} aria-haspopup="dialog" data-testid="filter-open">
          <Icon name="search" /> {filter.kind === 'all' ? t('catalog.byGroup') : filterName}
        </button>
        {filter.kind !== 'all' && (
          <button type="button" className="btn btn-secondary" onClick={() => choose({ kind: 'all' })} data-testid="dept-all">
            {t('catalog.allServices')}
          </button>
        )}
        {bundles.length > 0 && (
          <button
            type="button"
            className={`btn btn-secondary bundle-entry${bundleView ? ' filter-on' : ''}`}
            aria-pressed={bundleView}
            onClick={() => {
              setBundleView((v) => !v);
              setPage(0);
            }}
            data-testid="bundles-open"
          >
            <Icon name="family" /> {bundleView ? t('catalog.allServices') : t('bundle.entry')}
          </button>
        )}
      </div>
      {bundleView && <h2 className="bundle-list-title">{t('bundle.listTitle')}</h2>}
      <div className="tiles" ref={tilesRef} data-testid="tiles" data-page-size={size} data-cols={cols} style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
        {bundleView && bundlePage.items.map(bundleTile)}
        {!bundleView && visible.map((tile) => {
          if ('bundle' in tile) return bundleTile(tile.bundle);
          const s = tile.service;
          const reasons = unavailableReasons(s, devices, now, queue, timeZone);
          return (
            <button key={s.id} type="button" className={`tile${reasons.length ? ' tile-paused' : ''}`} onClick={() => onOpen(s.id)} data-testid={`service-${s.id}`}>
              <span className="tile-icon" aria-hidden="true">
                <Icon name={s.icon} />
              </span>
              <span className="tile-text">
                <span className="tile-name">{loc(s.name)}</span>
                {!elderly.on && <span className="tile-desc">{loc(s.description)}</span>}
                {reasons.length > 0 && (
                  <span className="tile-paused-label">
                    <Icon name="warning" /> {t('outOfService.paused')}
                  </span>
                )}
              </span>
            </button>
          );
        })}
        {!bundleView && visible.length === 0 && services.length > 0 && (
          <p className="instruction" data-testid="no-results">
            {t('catalog.none')}
          </p>
        )}
      </div>
      {typing && (
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
      )}
      <nav className="home-bar">
        <button type="button" className="btn btn-secondary btn-lg" onClick={onBack} data-testid="back">
          {t('common.back')}
        </button>
        {pager.pages > 1 && (
          <span className="pager" role="group" aria-label={t('catalog.pages')}>
          <button type="button" className="btn btn-secondary btn-lg" disabled={pager.current === 0} onClick={() => setPage(pager.current - 1)} data-testid="page-prev">
            {t('catalog.prev')}
          </button>
          <span className="pager-label" data-testid="page-label" aria-live="polite">
            {t('catalog.page', { n: pager.current + 1, total: pager.pages })}
          </span>
          <button type="button" className="btn btn-secondary btn-lg" disabled={pager.current >= pager.pages - 1} onClick={() => setPage(pager.current + 1)} data-testid="page-next">
            {t('catalog.next')}
          </button>
          </span>
        )}
        {secondsLeft !== null && (
          <span className="flow-timer" data-testid="home-timer">
            {t('flow.timeLeft', { count: secondsLeft })}
          </span>
        )}
        {typing && (
          <button type="button" className="btn btn-secondary btn-lg" onClick={() => setTyping(false)} data-testid="keyboard-hide">
            {t('keyboard.hide')}
          </button>
        )}
      </nav>
      {choosing && (
        <div className="overlay" role="presentation">
          <div className="dialog filter-dialog" role="dialog" aria-modal="true" aria-labelledby="filter-title" data-testid="filter-dialog">
            <h2 id="filter-title">{t('catalog.byGroup')}</h2>
            <div className="filter-groups scrolls">
              {events.length > 0 && (
                <section aria-labelledby="filter-events">
                  <h3 id="filter-events">{t('catalog.byLifeEvent')}</h3>
                  <div className="filter-grid">
                    {events.map((e) => (
                      <button key={e} type="button" className={`chip${filter.kind === 'event' && filter.id === e ? ' chip-on' : ''}`} onClick={() => choose({ kind: 'event', id: e })} data-testid={`event-${e}`}>
                        {t(`lifeEvents.${e}`)}
                      </button>
                    ))}
                  </div>
                </section>
              )}
              <section aria-labelledby="filter-depts">
                <h3 id="filter-depts">{t('catalog.byDepartment')}</h3>
                <div className="filter-grid">
                  {departments.map((d) => (
                    <button key={d.id} type="button" className={`chip${filter.kind === 'department' && filter.id === d.id ? ' chip-on' : ''}`} onClick={() => choose({ kind: 'department', id: d.id })} data-testid={`dept-${d.id}`}>
                      {loc(d.name)}
                    </button>
                  ))}
                </div>
              </section>
            </div>
            <div className="step-actions">
              <button type="button" className="btn btn-secondary btn-lg" onClick={() => choose({ kind: 'all' })} data-testid="filter-all">
                {t('catalog.allServices')}
              </button>
              <button type="button" className="btn btn-primary btn-lg" onClick={() => setChoosing(false)} data-testid="filter-close">
                {t('common.close')}
              </button>
            </div>
          </div>
        </div>
      )}
    </main>
  );
}
