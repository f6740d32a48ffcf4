import { useTranslation } from 'react-i18next';
import type { DeviceStatus } from '../../../contracts/devices.js';
import { Icon } from '../icons/icons.js';
import { CATALOG } from '../services.js';

export function HomeScreen({ devices, onOpen, onBack }: { devices: DeviceStatus[]; onOpen(id: string): void; onBack(): void }) {
  const { t } = useTranslation();
  const available = (needs: string[]) => needs.every((k) => devices.find((d) => d.kind === k)?.state !== 'offline');
  return (
    <main className="screen" data-testid="home">
      <h1>{t('home.title')}</h1>
      <p className="hint">{t('home.hint')}</p>
      <div className="tiles">
        {CATALOG.map((s) => {
          const ok = available(s.needs);
          return (
            <button key={s.id} type="button" className="tile" onClick={() => onOpen(s.id)} disabled={!ok} data-testid={`service-${s.id}`}>
              <span className="tile-icon" aria-hidden="true">
                <Icon name={s.icon} />
              </span>
              <span className="tile-name">{t(`services.${s.id}.name`)}</span>
              <span className="tile-desc">{t(`services.${s.id}.desc`)}</span>
            </button>
          );
        })}
      </div>
      <nav className="bottom-bar">
        <button type="button" className="btn btn-secondary btn-lg" onClick={onBack} data-testid="back">
          ← {t('common.back')}
        </button>
      </nav>
    </main>
  );
}
