import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CupsCommandResult, CupsCommandRunner } from './cups-commands.js';

/** What the developer panel can change on the simulated document printer. */
export interface DocumentPrinterSimState {
  online: boolean;
  /** Empty trays by paper size. */
  paperEnd: { A3: boolean; A4: boolean };
  coverOpen: boolean;
  jammed: boolean;
}

export interface SimPrintedDocument {
  jobId: string;
  media: string;
  copies: number;
  /** Where the simulator kept the PDF (`<dataDir>/documents/printed/…`). */
  file: string;
  at: string;
}

/**
 * A simulated CUPS queue that answers `lp`, `lpstat`, `lpoptions` and `cancel` in CUPS 2.4's own
 * text formats (see cups-status.test.ts for captured output), so the real driver runs unchanged.
 * Printed PDFs are kept in `<dataDir>/documents/printed/`. A job for an empty tray, or while the
 * cover is open or paper jammed, waits (as CUPS does) until the state clears or it is cancelled.
 */
export class SimCupsQueue implements CupsCommandRunner {
  private seq = 0;
  private current: DocumentPrinterSimState = { online: true, paperEnd: { A3: false, A4: false }, coverOpen: false, jammed: false };
  private readonly pending = new Map<string, { media: string; copies: number; file: string; due: number }>();
  private readonly completed: SimPrintedDocument[] = [];
  readonly printedDir: string;

  constructor(
    readonly queue: string,
    dataDir: string,
    /** How long a sheet takes, ms. */
    private readonly printMs = 150,
  ) {
    this.printedDir = join(dataDir, 'documents', 'printed');
  }

  state(): DocumentPrinterSimState {
    return structuredClone(this.current);
  }
  setState(patch: Partial<DocumentPrinterSimState>): void {
    this.current = { ...this.current, ...patch, paperEnd: { ...this.current.paperEnd, ...(patch.paperEnd ?? {}) } };
  }
  printed(): SimPrintedDocument[] {
    this.advance();
    return [...this.completed];
  }

  private blockedFor(media: string): string | null {
    const size = media.split(',')[0] as 'A3' | 'A4';
    if (!this.current.online) return 'offline-report';
    if (this.current.coverOpen) return 'door-open-report';
    if (this.current.jammed) return 'media-jam-error';
    if (this.current.paperEnd[size]) return 'media-empty-error';
    return null;
  }

  /** Finish the jobs whose time has come and whose tray can print. */
  private advance(): void {
    const now = Date.now();
    for (const [id, job] of this.pending) {
      if (this.blockedFor(job.media) || job.due > now) continue;
      this.pending.delete(id);
      mkdirSync(this.printedDir, { recursive: true });
      const file = join(this.printedDir, `${id}-${job.media.replace(/[^A-Za-z0-9]/g, '_')}.pdf`);
      copyFileSync(job.file, file);
      this.completed.push({ jobId: id, media: job.media, copies: job.copies, file, at: new Date().toISOString() });
    }
  }

  private reasons(): string[] {
    const r: string[] = [];
    if (!this.current.online) r.push('offline-report');
    if (this.current.coverOpen) r.push('door-open-report');
    if (this.current.jammed) r.push('media-jam-error');
    // CUPS reports the empty tray only once a job needs it; the sim says so at once, like an SNMP printer.
    if (this.current.paperEnd.A3 || this.current.paperEnd.A4) r.push('media-empty-error');
    return r;
  }

  async run(tool: string, args: string[], options: { stdin?: Uint8Array } = {}): Promise<CupsCommandResult> {
    this.advance();
    const ok = (stdout: string): CupsCommandResult => ({ code: 0, stdout, stderr: '' });
    const fail = (stderr: string): CupsCommandResult => ({ code: 1, stdout: '', stderr });
    const opt = (flag: string) => {
      const i = args.indexOf(flag);
      return i >= 0 ? args[i + 1] : undefined;
    };
    const dest = opt('-d') ?? opt('-p') ?? opt('-o');
    if (dest !== undefined && dest !== this.queue && tool !== 'cancel') {
      return fail(tool === 'lp' ? 'lp: Error - The printer or class does not exist.' : `${tool}: Invalid destination name in list "${dest}".`);
    }
    switch (tool) {
      case 'lpoptions': {
        const reasons = this.reasons();
        const state = this.pending.size > 0 ? 4 : 3;
        return ok(
          `copies=1 device-uri=sim:/${this.queue} printer-info=${this.queue} printer-is-accepting-jobs=true printer-make-and-model='OpenKiosk simulated A3/A4 laser' ` +
            `printer-state=${state} printer-state-reasons=${reasons.length ? reasons.join(',') : 'none'} printer-type=4\n`,
        );
      }
      case 'lp': {
        const media: string[] = [];
        args.forEach((a, i) => {
          if (a === '-o' && args[i + 1]?.startsWith('media=')) media.push(args[i + 1]!.slice(6));
        });
        const id = `${this.queue}-${++this.seq}`;
        // The simulated printer's own queue (what it prints is its paper): the document from lp's
        // standard input as the driver sends it, or from a file named last, as `lp FILE` takes it.
        mkdirSync(join(this.printedDir, '.spool'), { recursive: true });
        const spooled = join(this.printedDir, '.spool', `${id}.pdf`);
        if (options.stdin) writeFileSync(spooled, options.stdin);
        else copyFileSync(args.at(-1)!, spooled);
        this.pending.set(id, { media: media[0] ?? 'A4', copies: Number(opt('-n') ?? '1'), file: spooled, due: Date.now() + this.printMs });
        return ok(`request id is ${id} (1 file(s))\n`);
      }
      case 'lpstat': {
        const which = opt('-W');
        const lines =
          which === 'completed'
            ? this.completed.map((j) => j.jobId)
            : [...this.pending.keys()];
        return ok(lines.map((id) => `${id.padEnd(24)}kiosk            1024   ${new Date().toUTCString()}\n`).join(''));
      }
      case 'cancel': {
        const id = args.at(-1)!;
        if (!this.pending.delete(id)) return fail(`cancel: cancel-job failed: Job #${id.split('-').at(-1)} is already completed - can't cancel.`);
        return ok('');
      }
      default:
        return fail(`${tool}: not simulated`);
    }
  }
}
