import createDebug from 'debug';
import type { HealthLevel, HealthResult } from '../../contracts/devices.js';
import { KioskError } from '../../contracts/errors.js';
import { DeviceServiceBase, type DeviceService, type RequestOptions } from '../core/device.js';
import { delay, withTimeout } from '../core/request.js';
import { resolveCjkFont, type CjkFontOptions } from './cjk-font.js';
import type { CupsCommandRunner, CupsTool } from './cups-commands.js';
import { blockingError, interpretPrinterAttributes, parseLpoptions, parseLpRequestId, parseLpstatJobs, type DocumentPrinterStatus } from './cups-status.js';

const debug = createDebug('kiosk:document-printer');

export type Paper = 'A3' | 'A4';

export interface DocumentPrintOptions extends RequestOptions {
  /** The sheet size; selects `media=` and the configured tray. */
  paper: Paper;
  copies?: number;
  /** Job title shown in CUPS; never put personal data here. */
  title?: string;
}

export interface DocumentPrintOutcome {
  jobId: string;
  /** CUPS moved the job to its completed list within the timeout. */
  completed: boolean;
  ms: number;
}

/** The A3/A4 document printer (business licenses, certificates) behind the OS spooler. */
export interface DocumentPrinterService extends DeviceService {
  readonly kind: 'document-printer';
  /** Printer state and reasons from CUPS (`lpoptions -p QUEUE`). */
  readStatus(options: RequestOptions): Promise<DocumentPrinterStatus>;
  /**
   * Print a PDF of exactly the paper size, unscaled (`print-scaling=none`), from the paper's tray,
   * and wait until CUPS completes the job. Rejects with `paper-end`, `cover-open`, `device-offline`,
   * `device-error` or `timeout`; on any of these after submission the job is cancelled, so a
   * security-stock sheet never comes out later unattended.
   */
  printPdf(pdf: Buffer, options: DocumentPrintOptions): Promise<DocumentPrintOutcome>;
}

export interface CupsDocumentPrinterOptions {
  queue: string;
  /** Tray (InputSlot) per paper size, e.g. `{ A3: 'Tray2' }`; sent as `media=A3,Tray2`. */
  trays: Partial<Record<Paper, string>>;
  runner: CupsCommandRunner;
  simulated: boolean;
  /** Per-command timeout, ms. Default 10000. */
  commandTimeoutMs?: number;
  /** How often a submitted job is polled, ms. Default 500. */
  pollMs?: number;
  /**
   * The CJK font documents are rendered with (config `documents.fontPath`/`fontName`); a missing
   * font makes the printer `error`/`font-missing`. Omitted: not checked (the factories always pass it).
   */
  font?: CjkFontOptions;
}

export class CupsDocumentPrinter extends DeviceServiceBase implements DocumentPrinterService {
  readonly kind = 'document-printer' as const;
  private busy = false;

  constructor(id: string, private readonly opts: CupsDocumentPrinterOptions) {
    super(id, 'document-printer', { transport: opts.simulated ? 'sim' : 'cups', simulated: opts.simulated, model: null });
  }

  private async tool(tool: CupsTool, args: string[], signal?: AbortSignal, stdin?: Uint8Array) {
    debug('%s %s', tool, args.join(' '));
    return this.opts.runner.run(tool, args, { timeoutMs: this.opts.commandTimeoutMs ?? 10_000, signal, ...(stdin ? { stdin } : {}) });
  }

  async open(): Promise<void> {
    try {
      await this.readStatus({ timeoutMs: this.opts.commandTimeoutMs ?? 10_000 });
    } catch (e) {
      // Absent or stopped printers are a state, not a failure of open(): readStatus recorded it.
      debug('open: %s', e instanceof Error ? e.message : String(e));
    }
  }

  async readStatus(options: RequestOptions): Promise<DocumentPrinterStatus> {
    return withTimeout('document printer status', options, async (signal) => {
      const r = await this.tool('lpoptions', ['-p', this.opts.queue], signal);
      // lpoptions prints only the local defaults (no printer-state) for a queue the server does not have.
      if (r.code !== 0 || !/(^|\s)printer-state=/.test(r.stdout)) {
        // A zero exit with only local defaults means the server has no such queue; that, or lpoptions'
        // own complaint, is what a technician needs, never "exit 0".
        const said = r.code !== 0 ? r.stderr.trim().split('\n')[0] : '';
        const message = `CUPS queue ${this.opts.queue}: ${said || (r.code === 0 ? 'the CUPS server has no such queue' : `lpoptions failed (exit ${r.code})`)}`;
        this.setState('offline', 'no-queue');
        this.recordError('device-offline', message, 'configuration');
        throw new KioskError('device-offline', message, true);
      }
      const status = interpretPrinterAttributes(parseLpoptions(r.stdout));
      const block = blockingError(status);
      const fontProblem = this.fontProblem();
      if (block) this.setState(block.code === 'device-offline' ? 'offline' : 'error', block.detail);
      else if (fontProblem) {
        // Without the CJK font no document can be rendered: the printer cannot serve, whatever CUPS says.
        this.setState('error', 'font-missing');
        this.recordError('device-error', fontProblem, 'configuration');
      } else if (!this.busy) this.setState(status.printerState === 'processing' ? 'busy' : 'ready', status.paperNearEnd ? 'paper-near-end' : null);
      this.setModel(parseLpoptions(r.stdout)['printer-make-and-model'] || null);
      return status;
    });
  }

  async checkHealth(level: HealthLevel): Promise<HealthResult> {
    try {
      const s = await this.readStatus({ timeoutMs: this.opts.commandTimeoutMs ?? 10_000 });
      const block = blockingError(s);
      if (block) return this.healthResult(level, false, block.code === 'paper-end' ? 'clear' : 'maintenance', `document printer: ${block.detail}`);
      const fontProblem = this.fontProblem();
      if (fontProblem) return this.healthResult(level, false, 'configuration', fontProblem);
      return this.healthResult(level, true, 'none', s.paperNearEnd ? 'ready, paper low' : 'ready');
    } catch (e) {
      return this.healthResult(level, false, 'configuration', e instanceof Error ? e.message : String(e));
    }
  }

  /** Why documents cannot be rendered (no CJK font), or null. */
  private fontProblem(): string | null {
    if (!this.opts.font) return null;
    try {
      resolveCjkFont(this.opts.font);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  async printPdf(pdf: Buffer, options: DocumentPrintOptions): Promise<DocumentPrintOutcome> {
    if (this.busy) throw new KioskError('busy', 'the document printer is printing another document', true);
    this.busy = true;
    const started = Date.now();
    let jobId: string | null = null;
    try {
      return await withTimeout('document print', options, async (signal) => {
        const before = await this.readStatus({ timeoutMs: this.opts.commandTimeoutMs ?? 10_000, signal });
        const block = blockingError(before);
        if (block) throw new KioskError(block.code, `document printer not ready: ${block.detail}`, block.code !== 'device-error');
        this.setState('busy', 'printing');
        const tray = this.opts.trays[options.paper];
        const args = ['-d', this.opts.queue, '-o', `media=${tray ? `${options.paper},${tray}` : options.paper}`, '-o', 'print-scaling=none', '-o', 'sides=one-sided'];
        if (options.copies && options.copies > 1) args.push('-n', String(options.copies));
        // No file named: lp reads the document from its standard input. A certificate or a citizen's
        // ID copy is personal data, so it is never written in the clear to our disk on its way.
        args.push('-t', options.title ?? 'OpenKiosk document');
        const r = await this.tool('lp', args, signal, pdf);
        jobId = r.code === 0 ? parseLpRequestId(r.stdout) : null;
        if (!jobId) throw new KioskError('device-error', `lp refused the job: ${(r.stderr || r.stdout).trim() || `exit ${r.code}`}`);
        debug('submitted %s', jobId);
        for (;;) {
          await delay(this.opts.pollMs ?? 500, signal);
          const open = await this.tool('lpstat', ['-W', 'not-completed', '-o', this.opts.queue], signal);
          if (open.code !== 0) throw new KioskError('device-offline', `lpstat: ${open.stderr.trim()}`, true);
          if (!parseLpstatJobs(open.stdout).includes(jobId)) break;
          const s = await this.readStatus({ timeoutMs: this.opts.commandTimeoutMs ?? 10_000, signal });
          const b = blockingError(s);
          if (b) throw new KioskError(b.code, `document printer stopped while printing: ${b.detail}`, b.code !== 'device-error');
        }
        const done = await this.tool('lpstat', ['-W', 'completed', '-o', this.opts.queue], signal);
        const completed = parseLpstatJobs(done.stdout).includes(jobId);
        const submitted = jobId;
        jobId = null; // finished: nothing to cancel
        return { jobId: submitted, completed, ms: Date.now() - started };
      });
    } catch (e) {
      if (jobId) await this.cancelJob(jobId);
      if (e instanceof KioskError && e.code !== 'cancelled') this.recordError(e.code, e.message, e.code === 'paper-end' ? 'clear' : 'maintenance');
      throw e;
    } finally {
      this.busy = false;
      if (this.status().detail === 'printing') this.setState('ready');
    }
  }

  /** Cancel a job that failed or timed out, so it cannot print later; a failure to cancel is logged and recorded. */
  private async cancelJob(jobId: string): Promise<void> {
    try {
      const r = await this.tool('cancel', [jobId]);
      if (r.code !== 0) throw new Error(r.stderr.trim() || `cancel exit ${r.code}`);
      debug('cancelled %s', jobId);
    } catch (e) {
      const message = `could not cancel ${jobId}: ${e instanceof Error ? e.message : String(e)}`;
      debug(message);
      this.recordError('device-error', message, 'maintenance');
    }
  }
}
