import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagQueue } from '../../../contracts/diagnostics-protocol.js';
import { errorText, useDiagCall } from './diag-session.js';
import { DiagField } from './diag-field.js';
import { DiagKeyboard } from './diag-keyboard.js';
import { DIAG_NS } from './diagnostics-strings.js';
import type { KeyboardMode } from '../keyboard/on-screen-keyboard.js';

/** Which text field the on-screen keyboard types into: a dead item's discard reason, or the export passphrase. */
type Editing = { field: 'reason'; id: string } | { field: 'passphrase' } | null;

function age(ms: number): string {
  if (ms <= 0) return '—';
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}

/** Queue counts, the oldest pending age, dead items to retry or discard (with a reason), encrypted export. */
export function QueuePanel() {
  const { t } = useTranslation(DIAG_NS);
  const call = useDiagCall();
  const [q, setQ] = useState<DiagQueue | null>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [passphrase, setPassphrase] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [mode, setMode] = useState<KeyboardMode>('pinyin');
  const edit = (e: Editing) => {
    setEditing(e);
    // Reasons are written in Chinese; a passphrase in letters and digits.
    setMode(e?.field === 'passphrase' ? 'latin' : 'pinyin');
  };
  const refresh = () => call('diag.queue', {}).then(setQ, (e: unknown) => setNote(errorText(e)));
  useEffect(() => {
    void refresh();
  }, []);
  const act = (p: Promise<unknown>, done?: string) =>
    p.then(
      () => {
        if (done) setNote(done);
        return refresh();
      },
      (e: unknown) => setNote(errorText(e)),
    );
  if (!q) return note ? <p className="diag-error">{note}</p> : null;
  return (
    <div className="diag-queue">
      <QueueCounts q={q} />
      <button type="button" className="diag-btn" onClick={() => void refresh()}>
        {t('refresh')}
      </button>
      {q.deadItems.length === 0 && <p>{t('noDead')}</p>}
      {q.deadItems.map((d) => (
        <DeadItem
          key={d.id}
          d={d}
          reason={reasons[d.id] ?? ''}
          onFocus={() => edit({ field: 'reason', id: d.id })}
          onReason={(v) => setReasons((r) => ({ ...r, [d.id]: v }))}
          retry={() => void act(call('diag.queue.retry', { id: d.id }))}
          discard={() => {
            edit(null);
            void act(call('diag.queue.discard', { id: d.id, reason: reasons[d.id] ?? '' }));
          }}
        />
      ))}
      <ExportDead
        passphrase={passphrase}
        onFocus={() => edit({ field: 'passphrase' })}
        onPassphrase={setPassphrase}
        exportDead={() => {
          edit(null);
          void call('diag.queue.export', { passphrase }).then((r) => setNote(t('exported', { count: r.count, file: r.file })), (e: unknown) => setNote(errorText(e)));
        }}
      />
      {note && <p data-testid="diag-queue-note">{note}</p>}
      {editing && (
        <DiagKeyboard
          onClose={() => edit(null)}
          mode={mode}
          onModeChange={setMode}
          value={editing.field === 'passphrase' ? passphrase : (reasons[editing.id] ?? '')}
          onChange={(v) => (editing.field === 'passphrase' ? setPassphrase(v) : setReasons((r) => ({ ...r, [editing.id]: v })))}
          maxLength={editing.field === 'passphrase' ? 200 : 500}
        />
      )}
    </div>
  );
}

/** The queue's counts, the oldest pending item's age and the sync state. */
function QueueCounts({ q }: { q: DiagQueue }) {
  const { t } = useTranslation(DIAG_NS);
  return (
    <dl className="diag-facts" data-testid="diag-queue-counts">
      <dt>{t('pending')}</dt>
      <dd data-testid="diag-queue-pending">{q.pending}</dd>
      <dt>{t('inFlight')}</dt>
      <dd>{q.inFlight}</dd>
      <dt>{t('done')}</dt>
      <dd>{q.done}</dd>
      <dt>{t('dead')}</dt>
      <dd data-testid="diag-queue-dead">{q.dead}</dd>
      <dt>{t('oldest')}</dt>
      <dd>{age(q.oldestPendingAgeMs)}</dd>
      <dt>{t('sync')}</dt>
      <dd>{q.sync}</dd>
    </dl>
  );
}

/** A dead item: retried as it is, or discarded with a reason of at least three characters. */
function DeadItem(p: { d: DiagQueue['deadItems'][number]; reason: string; onFocus(): void; onReason(v: string): void; retry(): void; discard(): void }) {
  const { t } = useTranslation(DIAG_NS);
  const { d } = p;
  return (
    <article className="diag-card" data-testid={`diag-dead-${d.id}`}>
      <p className="diag-mono">
        {d.id} · {d.serviceId} · {new Date(d.createdAt).toLocaleString()} · {d.attempts}× · {d.lastError ?? ''}
      </p>
      <div className="diag-row">
        <button type="button" className="diag-btn" onClick={p.retry} data-testid={`diag-dead-retry-${d.id}`}>
          {t('retry')}
        </button>
        <DiagField label={t('reason')} value={p.reason} onFocus={p.onFocus} onChange={p.onReason} testId={`diag-dead-reason-${d.id}`} />
        <button type="button" className="diag-btn" disabled={p.reason.trim().length < 3} onClick={p.discard} data-testid={`diag-dead-discard-${d.id}`}>
          {t('discard')}
        </button>
      </div>
    </article>
  );
}

/** Dead items exported to a file encrypted with a passphrase of at least eight characters. */
function ExportDead(p: { passphrase: string; onFocus(): void; onPassphrase(v: string): void; exportDead(): void }) {
  const { t } = useTranslation(DIAG_NS);
  return (
    <div className="diag-row">
      <DiagField type="password" label={t('passphrase')} value={p.passphrase} onFocus={p.onFocus} onChange={p.onPassphrase} testId="diag-export-passphrase" />
      <button
        type="button"
        className="diag-btn"
        disabled={p.passphrase.length < 8}
        onClick={p.exportDead}
        data-testid="diag-export-dead"
      >
        {t('exportDead')}
      </button>
    </div>
  );
}
