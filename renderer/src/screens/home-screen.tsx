import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleDefinition } from '../../../contracts/bundle-definition.js';
import type { DeviceStatus } from '../../../contracts/devices.js';
import type { QueueView } from '../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import { departmentsOf } from '../catalog/search.js';
import { usePageSize } from '../catalog/use-page-size.js';
import { lifeEventsOf, rankServices, type CatalogFilter, type UsageCounts } from '../catalog/usage.js';
import { useElderly } from '../elderly/elderly-context.js';
import { useLocalized } from '../i18n/localize.js';
import type { KeyboardMode } from '../keyboard/on-screen-keyboard.js';
import { CatalogTools } from './home/catalog-tools.js';
import { catalogPages } from './home/catalog-pages.js';
import { BundleTile, HomeBar, ServiceTile } from './home/catalog-tiles.js';
import { FilterDialog } from './home/filter-dialog.js';

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
  const { visible, bundleItems, pager } = catalogPages(ranked, bundles, services, { filter, query, page, size, bundleView });
  const departments = departmentsOf(services);
  const events = lifeEventsOf(services);
  const filterName =
    filter.kind === 'department' ? loc(departments.find((d) => d.id === filter.id)?.name) : filter.kind === 'event' ? t(`lifeEvents.${filter.id}`) : t('catalog.allServices');
  const choose = (f: CatalogFilter) => {
    setFilter(f);
    setPage(0);
    setChoosing(false);
  };

  const typed = (v: string) => {
    setQuery(v);
    setPage(0);
  };
  const toggleBundles = () => {
    setBundleView((v) => !v);
    setPage(0);
  };

  return (
    <main className="screen home" data-testid="home">
      <h1>{t('home.title')}</h1>
      <CatalogTools
        query={query}
        filter={filter}
        filterName={filterName}
        hasBundles={bundles.length > 0}
        bundleView={bundleView}
        onQuery={typed}
        onClear={() => setQuery('')}
        onFocusSearch={() => setTyping(true)}
        onOpenFilter={() => setChoosing(true)}
        onChooseFilter={choose}
        onToggleBundles={toggleBundles}
      />
      {bundleView && <h2 className="bundle-list-title">{t('bundle.listTitle')}</h2>}
      <div className="tiles" ref={tilesRef} data-testid="tiles" data-page-size={size} data-cols={cols} style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
        {bundleView && bundleItems.map((b) => <BundleTile key={`bundle-${b.id}`} bundle={b} onOpen={onOpenBundle} />)}
        {!bundleView &&
          visible.map((tile) =>
            'bundle' in tile ? (
              <BundleTile key={`bundle-${tile.bundle.id}`} bundle={tile.bundle} onOpen={onOpenBundle} />
            ) : (
              <ServiceTile key={tile.service.id} service={tile.service} devices={devices} queue={queue} now={now} timeZone={timeZone} onOpen={onOpen} />
            ),
          )}
        {!bundleView && visible.length === 0 && services.length > 0 && (
          <p className="instruction" data-testid="no-results">
            {t('catalog.none')}
          </p>
        )}
      </div>
      {typing && (
        <Suspense fallback={null}>
          <OnScreenKeyboard mode={mode} onModeChange={setMode} value={query} onChange={typed} />
        </Suspense>
      )}
      <HomeBar pager={pager} secondsLeft={secondsLeft} typing={typing} onPage={setPage} onHideKeyboard={() => setTyping(false)} onBack={onBack} />
      {choosing && <FilterDialog filter={filter} events={events} departments={departments} onChoose={choose} onClose={() => setChoosing(false)} />}
    </main>
  );
}
