import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagCalibration } from '../../../contracts/diagnostics-protocol.js';
import { errorText, useDiagCall } from './diag-session.js';
import { DIAG_NS } from './diagnostics-strings.js';
import { SheetSerialPanel } from './sheet-serial-panel.js';

type Paper = 'A3' | 'A4';
type Axis = 'xMm' | 'yMm';
const LIMIT = 20;
const round = (v: number) => Math.round(v * 10) / 10;

/** Per-tray offsets in 0.1 mm steps: print the calibration sheet, adjust, save, reprint. */
export function CalibrationPanel() {
  const { t } = useTranslation(DIAG_NS);
  const call = useDiagCall();
  const [saved, setSaved] = useState<DiagCalibration | null>(null);
  const [draft, setDraft] = useState<Record<Paper, { xMm: number; yMm: number }> | null>(null);
  const [note, setNote] = useState<Partial<Record<Paper, string>>>({});
  const [busy, setBusy] = useState(false);
  // Trays saved in this visit: saving one tray says nothing about the other.
  const [savedHere, setSavedHere] = useState<ReadonlySet<Paper>>(new Set());
  useEffect(() => {
    call('diag.calibration.get', {}).then(
      (c) => {
        setSaved(c);
        setDraft({ A3: c.A3, A4: c.A4 });
      },
      (e: unknown) => setNote({ A3: errorText(e) }),
    );
  }, []);
  if (!draft || !saved) return null;
  const nudge = (paper: Paper, axis: Axis, step: number) =>
    setDraft((d) => d && { ...d, [paper]: { ...d[paper], [axis]: Math.max(-LIMIT, Math.min(LIMIT, round(d[paper][axis] + step))) } });
  const run = (paper: Paper, p: Promise<string>) => {
    setBusy(true);
    p.then(
      (text) => setNote((n) => ({ ...n, [paper]: text })),
      (e: unknown) => setNote((n) => ({ ...n, [paper]: errorText(e) })),
    ).finally(() => setBusy(false));
  };
  const save = (paper: Paper) =>
    run(
      paper,
      call('diag.calibration.save', { paper, offset: draft[paper] }).then((c) => {
        // Only this tray's offsets become the saved ones; the other tray keeps its draft.
        setSaved((old) => (old ? { ...old, [paper]: c[paper], saved: c.saved } : c));
        setSavedHere((s) => new Set([...s, paper]));
        return t('saved');
      }),
    );
  const print = (paper: Paper) => run(paper, call('diag.calibration.print', { paper, offset: draft[paper] }).then((r) => t('printed', { job: r.jobId })));

  return (
    <div className="diag-calibration">
      {(['A3', 'A4'] as const).map((paper) => (
        <TrayCard
          key={paper}
          paper={paper}
          draft={draft[paper]}
          saved={saved[paper]}
          savedHere={savedHere.has(paper)}
          busy={busy}
          note={note[paper]}
          nudge={(axis, step) => nudge(paper, axis, step)}
          print={() => print(paper)}
          save={() => save(paper)}
        />
      ))}
      {/* Numbered stock's serials belong with the trays the technician is loading and calibrating. */}
      <SheetSerialPanel />
    </div>
  );
}

type Offset = { xMm: number; yMm: number };

/** One tray: its two offsets with their nudge keys, print and save, and the last note. */
function TrayCard(p: { paper: Paper; draft: Offset; saved: Offset; savedHere: boolean; busy: boolean; note: string | undefined; nudge(axis: Axis, step: number): void; print(): void; save(): void }) {
  const { t } = useTranslation(DIAG_NS);
  const { paper, draft } = p;
  const dirty = draft.xMm !== p.saved.xMm || draft.yMm !== p.saved.yMm;
  return (
    <article className="diag-card" data-testid={`diag-cal-${paper}`}>
      <h3>
        {t('tray', { paper })} <small data-testid={`diag-cal-${paper}-saved`}>{dirty ? t('unsaved') : p.savedHere ? t('saved') : t('inEffect')}</small>
      </h3>
      {(['xMm', 'yMm'] as const).map((axis) => (
        <OffsetRow key={axis} paper={paper} axis={axis} value={draft[axis]} nudge={(step) => p.nudge(axis, step)} />
      ))}
      <div className="diag-row">
        <button type="button" className="diag-btn" disabled={p.busy} onClick={p.print} data-testid={`diag-cal-${paper}-print`}>
          {t('printSheet')}
        </button>
        <button type="button" className="diag-btn diag-primary" disabled={p.busy || !dirty} onClick={p.save} data-testid={`diag-cal-${paper}-save`}>
          {t('save')}
        </button>
      </div>
      {p.note && <p data-testid={`diag-cal-${paper}-note`}>{p.note}</p>}
    </article>
  );
}

/** One axis of one tray: −1, −0.1, the value, +0.1, +1. */
function OffsetRow({ paper, axis, value, nudge }: { paper: Paper; axis: Axis; value: number; nudge(step: number): void }) {
  const { t } = useTranslation(DIAG_NS);
  const a = axis === 'xMm' ? 'x' : 'y';
  return (
    <div className="diag-row">
      <span className="diag-label">{axis === 'xMm' ? t('offsetX') : t('offsetY')}</span>
      <button type="button" className="diag-key" onClick={() => nudge(-1)} aria-label={`${a} −1 mm`}>
        −1
      </button>
      <button type="button" className="diag-key" onClick={() => nudge(-0.1)} data-testid={`diag-cal-${paper}-${a}-minus`} aria-label={`${a} −0.1 mm`}>
        −0.1
      </button>
      <output className="diag-value" data-testid={`diag-cal-${paper}-${a}`}>
        {value.toFixed(1)} mm
      </output>
      <button type="button" className="diag-key" onClick={() => nudge(0.1)} data-testid={`diag-cal-${paper}-${a}-plus`} aria-label={`${a} +0.1 mm`}>
        +0.1
      </button>
      <button type="button" className="diag-key" onClick={() => nudge(1)} aria-label={`${a} +1 mm`}>
        +1
      </button>
    </div>
  );
}
