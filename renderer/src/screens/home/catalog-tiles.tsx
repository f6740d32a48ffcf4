import { useTranslation } from 'react-i18next';
import type { BundleDefinition } from '../../../../contracts/bundle-definition.js';
import type { DeviceStatus } from '../../../../contracts/devices.js';
import type { QueueView } from '../../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../../contracts/service-definition.js';
import { unavailableReasons } from '../../catalog/availability.js';
import { useElderly } from '../../elderly/elderly-context.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';

/** A life-event bundle's tile: its name, what it does and how many departments it spans. */
export function BundleTile({ bundle: b, onOpen }: { bundle: BundleDefinition; onOpen(id: string): void }) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const elderly = useElderly();
  return (
    <button type="button" className="tile tile-bundle" onClick={() => onOpen(b.id)} data-testid={`bundle-${b.id}`}>
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
}

export interface ServiceTileProps {
  service: ServiceDefinition;
  devices: DeviceStatus[];
  queue: QueueView | null;
  now: Date;
  timeZone: string;
  onOpen(id: string): void;
}

/** A service's tile; marked paused when a device, the hours or the queue keep it from running now. */
export function ServiceTile({ service: s, devices, queue, now, timeZone, onOpen }: ServiceTileProps) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const elderly = useElderly();
  const reasons = unavailableReasons(s, devices, now, queue, timeZone);
  return (
    <button type="button" className={`tile${reasons.length ? ' tile-paused' : ''}`} onClick={() => onOpen(s.id)} data-testid={`service-${s.id}`}>
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
}

/** "previous page / page 1 of 3 / next page" in words. */
function Pager({ current, pages, onPage }: { current: number; pages: number; onPage(page: number): void }) {
  const { t } = useTranslation();
  return (
    <span className="pager" role="group" aria-label={t('catalog.pages')}>
      <button type="button" className="btn btn-secondary btn-lg" disabled={current === 0} onClick={() => onPage(current - 1)} data-testid="page-prev">
        {t('catalog.prev')}
      </button>
      <span className="pager-label" data-testid="page-label" aria-live="polite">
        {t('catalog.page', { n: current + 1, total: pages })}
      </span>
      <button type="button" className="btn btn-secondary btn-lg" disabled={current >= pages - 1} onClick={() => onPage(current + 1)} data-testid="page-next">
        {t('catalog.next')}
      </button>
    </span>
  );
}

export interface HomeBarProps {
  pager: { current: number; pages: number };
  secondsLeft: number | null;
  /** The kiosk's keyboard is open (its "hide" button shows). */
  typing: boolean;
  onPage(page: number): void;
  onHideKeyboard(): void;
  onBack(): void;
}

/** The bar under the tiles: back, the pager, the idle countdown and "hide keyboard". */
export function HomeBar({ pager, secondsLeft, typing, onPage, onHideKeyboard, onBack }: HomeBarProps) {
  const { t } = useTranslation();
  return (
    <nav className="home-bar">
      <button type="button" className="btn btn-secondary btn-lg" onClick={onBack} data-testid="back">
        {t('common.back')}
      </button>
      {pager.pages > 1 && <Pager current={pager.current} pages={pager.pages} onPage={onPage} />}
      {secondsLeft !== null && (
        <span className="flow-timer" data-testid="home-timer">
          {t('flow.timeLeft', { count: secondsLeft })}
        </span>
      )}
      {typing && (
        <button type="button" className="btn btn-secondary btn-lg" onClick={onHideKeyboard} data-testid="keyboard-hide">
          {t('keyboard.hide')}
        </button>
      )}
    </nav>
  );
}
