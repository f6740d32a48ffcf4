import { execFile } from 'node:child_process';
import { KioskError } from '../../contracts/errors.js';

/** The CUPS command-line tools the driver uses: the "transport" of the document printer. */
export type CupsTool = 'lp' | 'lpstat' | 'lpoptions' | 'cancel';

export interface CupsCommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one CUPS tool. The real one spawns it (honouring `CUPS_SERVER`); the simulator answers in
 * the same text format, so the driver and its parsers are the same code in both modes.
 */
export interface CupsCommandRunner {
  /** `stdin`: bytes for the tool's standard input (`lp` with no file prints what it reads there). */
  run(tool: CupsTool, args: string[], options: { timeoutMs: number; signal?: AbortSignal; stdin?: Uint8Array }): Promise<CupsCommandResult>;
}

/** Spawn the system's `lp`/`lpstat`/`lpoptions`/`cancel`; a non-zero exit is a result, not a throw. */
export function systemCupsRunner(env: NodeJS.ProcessEnv = process.env): CupsCommandRunner {
  return {
    run(tool, args, options) {
      return new Promise((resolve, reject) => {
        let stdinError: Error | null = null;
        const child = execFile(tool, args, { timeout: options.timeoutMs, signal: options.signal, env: { ...env, LC_ALL: 'C' }, encoding: 'utf8' }, (err, stdout, stderr) => {
          // A tool that took less than all its input did not get the document, whatever it exited with.
          if (!err && stdinError) return resolve({ code: 1, stdout, stderr: `${stderr}${tool}: standard input not taken: ${stdinError.message}` });
          if (!err) return resolve({ code: 0, stdout, stderr });
          const e = err as NodeJS.ErrnoException & { code?: string | number; killed?: boolean };
          if (options.signal?.aborted) return reject(new KioskError('cancelled', `${tool}: cancelled`));
          if (e.code === 'ENOENT') return reject(new KioskError('device-offline', `${tool} not found: install cups-client`, false, { cause: err }));
          if (e.killed) return reject(new KioskError('timeout', `${tool}: no answer within ${options.timeoutMs} ms`, true, { cause: err }));
          resolve({ code: typeof e.code === 'number' ? e.code : 1, stdout, stderr });
        });
        // The document goes through the pipe: no copy of it on our disk. A tool that exits early
        // closes the pipe (EPIPE); that is reported with its result above.
        child.stdin?.on('error', (e) => (stdinError = e));
        child.stdin?.end(options.stdin ?? '');
      });
    },
  };
}
