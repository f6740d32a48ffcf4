import { useTranslation } from 'react-i18next';

/**
 * The bundle's action bar: back (or finish on the first step), cancel (leave once the bundle is
 * submitted), and the slot where a step puts its forward button (forward-slot.tsx).
 */
export function BundleActionBar({ committed, finish, goBack, cancel, setSlot }: { committed: boolean; finish: boolean; goBack(): void; cancel(): void; setSlot(el: HTMLElement | null): void }) {
  const { t } = useTranslation();
  return (
  <nav className="bottom-bar flow-actions" aria-label={t('flow.actions')}>
    {!(committed && finish) && (
      <button type="button" className="btn btn-secondary btn-lg" onClick={goBack} data-testid="back">
        {finish ? t('flow.finish') : t('flow.back')}
      </button>
    )}
    {committed ? (
      <button type="button" className="btn btn-secondary btn-lg" onClick={cancel} aria-label={t('flow.leaveLabel')} data-testid="cancel">
        {t('flow.leave')}
      </button>
    ) : (
      <button type="button" className="btn btn-secondary btn-lg" onClick={cancel} aria-label={t('flow.cancelLabel')} data-testid="cancel">
        {t('flow.cancel')}
      </button>
    )}
    <div className="forward-slot" ref={setSlot} data-testid="forward-slot" />
  </nav>
  );
}
