import { join } from 'node:path';
import { format, inspect } from 'node:util';
import createDebug from 'debug';
import { redactText, redactValue } from './log-redaction.js';
import { RotatingFile, type RotatingFileTrouble } from './rotating-file.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where records go: a rotated file and, optionally, stderr. */
export interface LogSink {
  write(line: string): void;
}

/** Options of {@link installLogging}. */
export interface LoggingOptions {
  /** The kiosk's data dir; logs go to `<dataDir>/logs/kiosk.log`. */
  dataDir: string;
  maxFileBytes: number;
  maxFiles: number;
  /** Also print each record to stderr (default: when `DEBUG` is set, as the `debug` package would). */
  mirrorToStderr?: boolean;
  /** The `debug` namespaces written to the file in addition to `DEBUG`'s (default `kiosk:*`). */
  namespaces?: string;
  /** Name of this process in each record (`host`, `electron-main`…). */
  proc?: string;
  /** Told once per outage when the log file cannot be written (default: one line on stderr). */
  onTrouble?: (t: RotatingFileTrouble) => void;
}

/**
 * Structured logs: one JSON object per line — `{"ts","level","ns","proc","msg",…fields}` — with
 * every string and field passed through the redaction layer first.
 */
export class Logger {
  constructor(
    private readonly sinks: LogSink[],
    private readonly proc = 'host',
  ) {}

  /**
   * One record. `fields` are redacted by name and content; `msg` by content. Never throws: logging
   * is called from timers and error paths, where a throw (a full disk, a field JSON cannot carry)
   * would take the host down with it. A record that cannot be written is dropped.
   */
  log(level: LogLevel, ns: string, msg: string, fields: Record<string, unknown> = {}): void {
    let line: string;
    try {
      const record = { ts: new Date().toISOString(), level, ns, proc: this.proc, msg: redactText(msg), ...(redactValue(fields) as Record<string, unknown>) };
      line = JSON.stringify(record);
    } catch (e) {
      line = JSON.stringify({ ts: new Date().toISOString(), level, ns, proc: this.proc, msg: redactText(msg), logError: `fields not serialisable: ${e instanceof Error ? e.message : String(e)}` });
    }
    for (const s of this.sinks) {
      try {
        s.write(line);
      } catch (e) {
        // A sink that throws anyway (stderr closed): the record is dropped and counted, never rethrown.
        this.droppedRecords++;
        this.lastSinkError = e instanceof Error ? e.message : String(e);
      }
    }
  }

  /** Records a sink refused (see {@link log}), and the last reason. */
  droppedRecords = 0;
  lastSinkError: string | null = null;

  info(ns: string, msg: string, fields?: Record<string, unknown>): void {
    this.log('info', ns, msg, fields);
  }

  warn(ns: string, msg: string, fields?: Record<string, unknown>): void {
    this.log('warn', ns, msg, fields);
  }

  error(ns: string, msg: string, fields?: Record<string, unknown>): void {
    this.log('error', ns, msg, fields);
  }
}

/** The installed logging: the logger, its file and how to undo the `debug` routing. */
export interface InstalledLogging {
  logger: Logger;
  file: RotatingFile;
  /** Restore `debug`'s own output and close the file. */
  uninstall(): void;
}

type DebugGlobals = typeof createDebug & { log: (...args: unknown[]) => void; formatArgs: (this: createDebug.Debugger, args: unknown[]) => void };

/**
 * Open the rotated log file and route the `debug` package's output into it, redacted: `%o`/`%O`
 * objects are redacted before they are inspected (so a card's name passed as a field never reaches
 * text), and the formatted line is redacted again for ID and phone numbers in free text.
 */
export function installLogging(opts: LoggingOptions): InstalledLogging {
  const file = new RotatingFile(join(opts.dataDir, 'logs', 'kiosk.log'), opts.maxFileBytes, opts.maxFiles, opts.onTrouble);
  const mirror = opts.mirrorToStderr ?? Boolean(process.env.DEBUG);
  const sinks: LogSink[] = [file];
  if (mirror) sinks.push({ write: (line) => process.stderr.write(`${line}\n`) });
  const logger = new Logger(sinks, opts.proc ?? 'host');

  const d = createDebug as DebugGlobals;
  const saved = { log: d.log, formatArgs: d.formatArgs, o: d.formatters.o, O: d.formatters.O, namespaces: d.disable() };
  const inspectRedacted = (v: unknown) => inspect(redactValue(v), { depth: 4, breakLength: Infinity, colors: false });
  d.formatters.o = inspectRedacted;
  d.formatters.O = inspectRedacted;
  // The record carries its own time and namespace: no colour codes or prefixes in the message.
  d.formatArgs = () => undefined;
  d.log = function (this: createDebug.Debugger, ...args: unknown[]) {
    logger.log('debug', this.namespace, format(...(args as [unknown, ...unknown[]])));
  };
  d.enable([saved.namespaces, opts.namespaces ?? 'kiosk:*'].filter(Boolean).join(','));

  return {
    logger,
    file,
    uninstall: () => {
      d.log = saved.log;
      d.formatArgs = saved.formatArgs;
      if (saved.o) d.formatters.o = saved.o;
      if (saved.O) d.formatters.O = saved.O;
      d.enable(saved.namespaces);
      file.close();
    },
  };
}
