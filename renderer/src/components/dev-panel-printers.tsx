import { useTranslation } from 'react-i18next';
import type { ResultOf } from '../../../contracts/protocol.js';
import { useHost } from '../host/host-context.js';
import { ReceiptPicture } from './receipt-picture.js';

export type Printout = ResultOf<'sim.printouts'>['printouts'][number];
type Act = (p: Promise<unknown>) => unknown;

/** The simulated receipt printer: paper and cover states, and what it printed last. */
export function ReceiptPrinterControls({ act, printout }: { act: Act; printout: Printout | null }) {
  const { t } = useTranslation();
  const host = useHost();
  return (
    <>
      <h3>{t('dev.printer')}</h3>
      <div className="dev-row">
        <button type="button" className="btn btn-small" onClick={() => act(host.call('sim.setPrinter', { paperEnd: false, paperNearEnd: false, coverOpen: false, online: true }))} data-testid="sim-paper-ok">
          {t('dev.paperOk')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => act(host.call('sim.setPrinter', { paperNearEnd: true }))}>
          {t('dev.paperNear')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => act(host.call('sim.setPrinter', { paperEnd: true }))} data-testid="sim-paper-out">
          {t('dev.paperOut')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => act(host.call('sim.setPrinter', { coverOpen: true }))}>
          {t('dev.coverOpen')}
        </button>
      </div>
      <details className="dev-printout" open>
        <summary>{t('dev.lastReceipt')}</summary>
        {printout ? (
          <>
            <pre data-testid="sim-last-receipt">{printout.text}</pre>
            {printout.lines && printout.widthDots && <ReceiptPicture lines={printout.lines} widthDots={printout.widthDots} label={t('dev.lastReceipt')} />}
          </>
        ) : (
          <p>{t('dev.noReceipt')}</p>
        )}
      </details>
    </>
  );
}

/** The simulated document printer: each tray's paper, the cover. */
export function DocumentPrinterControls({ act }: { act: Act }) {
  const host = useHost();
  return (
    <>
      <h3>文档打印机 Document printer</h3>
      <div className="dev-row">
        <button type="button" className="btn btn-small" onClick={() => act(host.call('sim.setDocumentPrinter', { online: true, paperEnd: { A3: false, A4: false }, coverOpen: false, jammed: false }))} data-testid="sim-doc-ok">
          A3/A4 OK
        </button>
        <button type="button" className="btn btn-small" onClick={() => act(host.call('sim.setDocumentPrinter', { paperEnd: { A3: true } }))} data-testid="sim-doc-a3-out">
          A3 缺纸
        </button>
        <button type="button" className="btn btn-small" onClick={() => act(host.call('sim.setDocumentPrinter', { paperEnd: { A4: true } }))} data-testid="sim-doc-a4-out">
          A4 缺纸
        </button>
        <button type="button" className="btn btn-small" onClick={() => act(host.call('sim.setDocumentPrinter', { coverOpen: true }))} data-testid="sim-doc-cover-open">
          盖板打开 cover open
        </button>
      </div>
    </>
  );
}
