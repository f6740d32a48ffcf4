import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { OnScreenKeyboardProps } from '../keyboard/on-screen-keyboard.js';
import { DIAG_NS } from './diagnostics-strings.js';

// The kiosk's own keyboard: a technician on site has a touch screen, not necessarily a USB keyboard.
const OnScreenKeyboard = lazy(() => import('../keyboard/on-screen-keyboard.js').then((m) => ({ default: m.OnScreenKeyboard })));

/** The on-screen keyboard docked at the bottom of a diagnostics panel, with a button to put it away. */
export function DiagKeyboard({ onClose, ...keyboard }: OnScreenKeyboardProps & { onClose(): void }) {
  const { t } = useTranslation(DIAG_NS);
  return (
    <div className="diag-keyboard">
      <button type="button" className="diag-btn" onClick={onClose} data-testid="diag-keyboard-close">
        {t('keyboardDone')}
      </button>
      <Suspense fallback={null}>
        <OnScreenKeyboard {...keyboard} />
      </Suspense>
    </div>
  );
}
