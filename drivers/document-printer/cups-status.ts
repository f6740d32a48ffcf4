import type { ErrorCode } from '../../contracts/errors.js';

/**
 * Pure parsers for what the CUPS command-line tools print (peripherals.md §5.1). No I/O, no clock.
 * `lpoptions -p QUEUE` prints the destination's attributes as `key=value` words, values quoted
 * with '…' or "…" or backslash-escaped, e.g.
 * `printer-state=5 printer-state-reasons=media-empty-error,paused printer-is-accepting-jobs=true`.
 */
export function parseLpoptions(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const s = text.trim();
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    let key = '';
    while (i < s.length && s[i] !== '=' && !/\s/.test(s[i]!)) key += s[i++];
    let value = '';
    if (s[i] === '=') {
      i++;
      while (i < s.length && !/\s/.test(s[i]!)) {
        const c = s[i]!;
        if (c === "'" || c === '"') {
          const end = s.indexOf(c, i + 1);
          const stop = end < 0 ? s.length : end;
          value += s.slice(i + 1, stop);
          i = stop + 1;
        } else if (c === '\\' && i + 1 < s.length) {
          value += s[i + 1];
          i += 2;
        } else {
          value += c;
          i++;
        }
      }
    }
    if (key) out[key] = value;
  }
  return out;
}

/** `request id is LICENSE_A3-12 (1 file(s))` → `LICENSE_A3-12`. */
export function parseLpRequestId(stdout: string): string | null {
  const m = /request id is (\S+-\d+)/.exec(stdout);
  return m ? m[1]! : null;
}

/** Job ids in `lpstat -W not-completed|completed -o QUEUE` output (first word of each line). */
export function parseLpstatJobs(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((id) => /\S+-\d+$/.test(id));
}

/** What the document printer reports, after CUPS printer-state and printer-state-reasons. */
export interface DocumentPrinterStatus {
  online: boolean;
  paperEnd: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  jammed: boolean;
  /** Any condition that stops printing. */
  error: boolean;
  /** `idle` (3), `processing` (4), `stopped` (5) or `unknown`. */
  printerState: 'idle' | 'processing' | 'stopped' | 'unknown';
  acceptingJobs: boolean;
  /** printer-state-reasons as CUPS gave them, `none` left out. */
  reasons: string[];
  /** printer-state-message, if any (free text from the printer or the administrator). */
  message: string | null;
}

/** The error that stops a print, most specific first; null when the printer can print. */
export function blockingError(s: DocumentPrinterStatus): { code: ErrorCode; detail: string } | null {
  if (s.paperEnd) return { code: 'paper-end', detail: 'paper-end' };
  if (s.coverOpen) return { code: 'cover-open', detail: 'cover-open' };
  if (s.jammed) return { code: 'device-error', detail: 'paper-jam' };
  if (!s.online) return { code: 'device-offline', detail: s.printerState === 'stopped' ? 'stopped' : 'offline' };
  if (!s.acceptingJobs) return { code: 'device-offline', detail: 'not-accepting-jobs' };
  if (s.error) return { code: 'device-error', detail: s.reasons.find((r) => r.endsWith('-error')) ?? 'error' };
  return null;
}

const has = (reasons: string[], ...prefixes: string[]) => reasons.some((r) => prefixes.some((p) => r === p || r.startsWith(`${p}-`)));

/**
 * Interpret `lpoptions -p QUEUE` attributes. Reason keywords carry `-report`, `-warning` or `-error`
 * suffixes (RFC 8011 §5.4.12); `media-empty` and `media-needed` count as paper end whatever the
 * suffix, because the SNMP backend reports them as warnings while the tray is in fact empty.
 */
export function interpretPrinterAttributes(attrs: Record<string, string>): DocumentPrinterStatus {
  const reasons = (attrs['printer-state-reasons'] ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r && r !== 'none');
  const stateNo = attrs['printer-state'];
  const printerState = stateNo === '3' ? 'idle' : stateNo === '4' ? 'processing' : stateNo === '5' ? 'stopped' : 'unknown';
  const paperEnd = has(reasons, 'media-empty', 'media-needed');
  const coverOpen = has(reasons, 'door-open', 'cover-open', 'interlock-open');
  const jammed = has(reasons, 'media-jam');
  const offline = has(reasons, 'offline', 'shutdown', 'paused', 'connecting-to-device') || printerState === 'stopped' || printerState === 'unknown';
  const otherError = reasons.some((r) => r.endsWith('-error')) || has(reasons, 'toner-empty', 'marker-supply-empty');
  const acceptingJobs = attrs['printer-is-accepting-jobs'] !== 'false';
  return {
    online: !offline,
    paperEnd,
    paperNearEnd: has(reasons, 'media-low'),
    coverOpen,
    jammed,
    error: paperEnd || coverOpen || jammed || offline || otherError || !acceptingJobs,
    printerState,
    acceptingJobs,
    reasons,
    message: attrs['printer-state-message'] || null,
  };
}
