import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagSheetSerials } from '../../../contracts/diagnostics-protocol.js';
import type { KeyboardMode } from '../keyboard/on-screen-keyboard.js';
import { errorText, useDiagCall } from './diag-session.js';
import { DiagField } from './diag-field.js';
import { DiagKeyboard } from './diag-keyboard.js';
import { DIAG_NS } from './diagnostics-strings.js';

type Paper = 'A3' | 'A4';

/**
 * Numbered license stock per tray: the serial the next sheet takes and the sheets used since the
 * stack was registered; after loading a new stack the technician types its first serial on the
 * on-screen Latin keys. The host checks it against the tray's configured format and audits it.
 */
export function SheetSerialPanel() {
  const { t } = useTranslation(DIAG_NS);
  const call = useDiagCall();
  const [trays, setTrays] = useState<DiagSheetSerials | null>(null);
  const [draft, setDraft] = useState<Record<Paper, string>>({ A3: '', A4: '' });
  const [note, setNote] = useState<Partial<Record<Paper, { ok: boolean; text: string }>>>({});
  const [editing, setEditing] = useState<Paper | null>(null);
  const [mode, setMode] = useState<KeyboardMode>('latin');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    call('diag.serials.get', {}).then(setTrays, (e: unknown) => setNote({ A3: { ok: false, text: errorText(e) } }));
  }, []);
  if (!trays) return note.A3 ? <p className="diag-error">{note.A3.text}</p> : null;

  const register = (paper: Paper) => {
    setEditing(null);
    setBusy(true);
    call('diag.serials.set', { paper, first: draft[paper] })
      .then(
        (r) => {
          setTrays(r);
          setDraft((d) => ({ ...d, [paper]: '' }));
          setNote((n) => ({ ...n, [paper]: { ok: true, text: t('serialSaved', { next: r[paper].next }) } }));
        },
        (e: unknown) => setNote((n) => ({ ...n, [paper]: { ok: false, text: errorText(e) } })),
      )
      .finally(() => setBusy(false));
  };

  return (
    <div className="diag-serials">
      {(['A3', 'A4'] as const).map((paper) => (
        <TrayStack
          key={paper}
          paper={paper}
          tray={trays[paper]}
          draft={draft[paper]}
          busy={busy}
          note={note[paper]}
          onFocus={() => {
            setEditing(paper);
            setMode('latin');
          }}
          onDraft={(v) => setDraft((d) => ({ ...d, [paper]: v }))}
          register={() => register(paper)}
        />
      ))}
      {editing && (
        <DiagKeyboard onClose={() => setEditing(null)} mode={mode} onModeChange={setMode} value={draft[editing]} onChange={(v) => setDraft((d) => ({ ...d, [editing]: v.toUpperCase() }))} maxLength={64} />
      )}
    </div>
  );
}

/** One tray's numbered stack: its format, the next serial, sheets used, and the first serial of a new stack. */
function TrayStack(p: { paper: Paper; tray: DiagSheetSerials[Paper]; draft: string; busy: boolean; note: { ok: boolean; text: string } | undefined; onFocus(): void; onDraft(v: string): void; register(): void }) {
  const { t } = useTranslation(DIAG_NS);
  const { paper, tray } = p;
  return (
    <article className={`diag-card ${tray.numbered && !tray.next ? 'diag-state-error' : 'diag-state-ready'}`} data-testid={`diag-serial-${paper}`}>
      <h3>{t('serialsTitle', { paper })}</h3>
      {!tray.numbered && <p className="diag-hint">{t('serialNotNumbered', { paper })}</p>}
      {tray.numbered && (
        <>
          <dl className="diag-facts">
            <dt>{t('serialFormat')}</dt>
            <dd className="diag-mono">{tray.format}</dd>
            <dt>{t('serialNext')}</dt>
            <dd className={tray.next ? 'diag-mono' : 'diag-error'} data-testid={`diag-serial-${paper}-next`}>
              {tray.next ?? t('serialNone')}
            </dd>
            {tray.first && (
              <>
                <dt>{t('serialUsed')}</dt>
                <dd data-testid={`diag-serial-${paper}-used`}>{t('serialUsedValue', { used: tray.used, first: tray.first })}</dd>
              </>
            )}
          </dl>
          <div className="diag-row">
            <DiagField mono label={t('serialFirst')} value={p.draft} onFocus={p.onFocus} onChange={(v) => p.onDraft(v.toUpperCase())} testId={`diag-serial-${paper}-input`} />
            <button type="button" className="diag-btn diag-primary" disabled={p.busy || p.draft.trim().length === 0} onClick={p.register} data-testid={`diag-serial-${paper}-set`}>
              {t('serialSet')}
            </button>
          </div>
        </>
      )}
      {p.note && (
        <p className={p.note.ok ? 'diag-ok' : 'diag-error'} role="status" data-testid={`diag-serial-${paper}-note`}>
          {p.note.text}
        </p>
      )}
    </article>
  );
}
