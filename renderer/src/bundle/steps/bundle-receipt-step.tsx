import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleMemberReceipt, BundleMemberState } from '../../../../contracts/bundle-protocol.js';
import { useHost } from '../../host/host-context.js';
import { speak } from '../../elderly/voice.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import { ForwardActions } from '../../flow/forward-slot.js';
import type { StepProps } from '../../flow/step-props.js';
import { errorText } from '../../flow/error-text.js';
import { useOutcomePoll } from '../../flow/steps/use-outcome-poll.js';
import { useBundle } from '../bundle-context.js';

/**
 * The bundle's one receipt: each department's case number and what happens next, the department's
 * own number once it has acknowledged, a member it refused named as such (the others stand), the
 * materials still to bring, and the printed receipt.
 */
export function BundleReceiptStep({ ctx, next, phone }: StepProps<'done'>) {
  const { t } = useTranslation();
  const { loc, locale } = useLocalized();
  const host = useHost();
  const bundle = useBundle();
  const result = bundle.result;
  const [print, setPrint] = useState<{ state: 'idle' | 'printing' | 'printed' } | { state: 'error'; error: unknown }>({ state: 'idle' });
  const usedCard = ctx.identifiedBy === 'card';
  useEffect(() => {
    if (usedCard) speak(t('done.takeCard'), locale);
  }, []);
  const states = useMemberStates(result?.bundleSubmissionId);
  if (!result) return null;
  const doPrint = () => {
    setPrint({ state: 'printing' });
    host.call('bundle.printReceipt', { bundleSubmissionId: result.bundleSubmissionId, locale }).then(
      () => setPrint({ state: 'printed' }),
      (e: unknown) => setPrint({ state: 'error', error: e }),
    );
  };
  const paper = bundle.form.materials.filter((m) => (bundle.materials[m.material.type] ?? 'paper') === 'paper');
  return (
    <section tabIndex={0} className="step step-done" data-testid="bundle-receipt">
      <h1 className="ok-title">
        <Icon name="check" /> {t('bundle.receiptTitle')}
      </h1>
      {!result.online && <p className="instruction">{t('bundle.savedOffline')}</p>}
      <ul className="bundle-list scrolls" tabIndex={0} aria-label={t('bundle.receiptTitle')} data-testid="bundle-cases">
        {result.members.map((r) => (
          <CaseItem key={r.id} r={r} state={states.find((x) => x.id === r.id)} />
        ))}
        {paper.length > 0 && (
          <li className="bundle-item" data-testid="bring-paper">
            <h2>{t('bundle.bringTitle')}</h2>
            <span>{paper.map((m) => loc(m.material.name)).join('、')}</span>
          </li>
        )}
      </ul>
      {print.state === 'error' && (
        <p className="error-text" role="alert">
          <Icon name="warning" /> {errorText(t, print.error, phone)}
        </p>
      )}
      {usedCard && <p className="big-prompt">{t('done.takeCard')}</p>}
      <ForwardActions>
        <button type="button" className="btn btn-secondary btn-lg" disabled={print.state === 'printing'} onClick={doPrint} data-testid="print-receipt">
          {print.state === 'printed' ? t('bundle.printed') : print.state === 'printing' ? t('flow.working') : t('bundle.print')}
        </button>
        <button type="button" className="btn btn-primary btn-lg" onClick={() => next()} data-testid="done">
          {t('common.done')}
        </button>
      </ForwardActions>
    </section>
  );
}

/** One member's case: its department, case number, the department's own number once acknowledged, refused or what happens next. */
function CaseItem({ r, state }: { r: BundleMemberReceipt; state: BundleMemberState | undefined }) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const bundle = useBundle();
  const m = bundle.form.members.find((x) => x.service.id === r.serviceId);
  const s = state;
  const done = m?.service.steps.find((x) => x.type === 'done');
  return (
    <li className="bundle-item" data-testid={`case-${r.serviceId}`} data-state={s?.state ?? 'pending'}>
      <h2>{m ? loc(m.service.department.name) : r.serviceId}</h2>
      <span className="bundle-note">{m ? loc(m.label) : ''}</span>
      <span>
        {t('receipt.caseNumber')}
        {t('common.colon')}
        <b data-testid={`case-${r.serviceId}-number`}>{r.caseNumber}</b>
        {s?.receiptNo && (
          <>
            {' · '}
            {t('done.receiptNo')}
            {t('common.colon')}
            <b data-testid={`case-${r.serviceId}-receipt-no`}>{s.receiptNo}</b>
          </>
        )}
      </span>
      {s?.refused ? (
        <span className="bundle-refused" data-testid={`case-${r.serviceId}-refused`}>
          <Icon name="warning" /> {t('bundle.refused')}
        </span>
      ) : (
        done?.type === 'done' && done.message && <span>{loc(done.message)}</span>
      )}
    </li>
  );
}

/** How the members stand, asked until each is done or dead (use-outcome-poll.ts). */
function useMemberStates(bundleSubmissionId: string | undefined) {
  const host = useHost();
  const [states, setStates] = useState<BundleMemberState[]>([]);
  useOutcomePoll(
    bundleSubmissionId,
    'bundle.outcome',
    (signal) => host.call('bundle.outcome', { bundleSubmissionId: bundleSubmissionId! }, { signal }),
    (r) => {
      setStates(r.members);
      return r.members.every((m) => m.state === 'done' || m.state === 'dead');
    },
  );
  return states;
}
