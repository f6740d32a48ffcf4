import { KeyboardWedgeDetector, type WedgeOptions } from './keyboard-wedge.js';

/**
 * DOM glue for the keyboard-wedge scanner: every key goes through the detector first (capture
 * phase), so a scanner burst never reaches a focused field; keys that turn out to be a person
 * typing are put back into the field they were meant for.
 */
export function installWedge(options: WedgeOptions, onScan: (data: string) => void): () => void {
  const detector = new KeyboardWedgeDetector(options);
  let timer: number | undefined;
  let target: Element | null = null;

  const apply = (results: ReturnType<KeyboardWedgeDetector['flush']>) => {
    for (const r of results) {
      if (r.kind === 'scan') onScan(r.data);
      else replay(target, r.keys);
    }
  };
  const schedule = () => {
    window.clearTimeout(timer);
    const d = detector.deadline();
    if (d === null) return;
    timer = window.setTimeout(() => {
      apply(detector.flush(performance.now()));
      schedule();
    }, Math.max(0, d - performance.now()) + 1);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
    if (!detector.hasPending()) target = document.activeElement;
    const r = detector.feed({ key: e.key, timeStamp: e.timeStamp });
    if (r.consumed) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
    apply(r.results);
    schedule();
  };
  const onFocus = () => apply(detector.reset());
  window.addEventListener('keydown', onKey, { capture: true });
  window.addEventListener('focusin', onFocus, { capture: true });
  return () => {
    window.clearTimeout(timer);
    window.removeEventListener('keydown', onKey, { capture: true });
    window.removeEventListener('focusin', onFocus, { capture: true });
  };
}

/** Insert typed keys into an input or textarea the way typing would, firing `input` for React. */
function replay(el: Element | null, keys: string[]): void {
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) || el.readOnly || el.disabled) return;
  for (const key of keys) {
    if (key === 'Backspace') {
      const start = el.selectionStart ?? el.value.length;
      const end = el.selectionEnd ?? start;
      el.setRangeText('', start === end ? Math.max(0, start - 1) : start, end, 'end');
    } else if (key.length === 1) {
      el.setRangeText(key, el.selectionStart ?? el.value.length, el.selectionEnd ?? el.value.length, 'end');
    } else continue;
    // React tracks the value through its own setter; setRangeText bypasses it, so an input event follows.
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
}
