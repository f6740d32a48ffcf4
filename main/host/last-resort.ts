import type { Logger } from './logger.js';

/** Exit code after an error nothing else handled (sysexits EX_SOFTWARE): the supervisor restarts us. */
export const EX_UNCAUGHT = 70;

/**
 * The last resort: an error that escaped every handler (a throw in a timer, a rejected promise no
 * one awaited) is logged, said on stderr in one line, and the process exits with
 * {@link EX_UNCAUGHT} so that systemd (`Restart=always`) or `npm start` starts it again. The state
 * after such an error is unknown, so carrying on would be worse; dying silently is never allowed.
 */
export function installLastResort(opts: { proc: string; logger?: () => Logger | null; exit?: (code: number) => void }): void {
  let handling = false;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const onFatal = (err: unknown, origin: string) => {
    if (handling) return; // an error while reporting one: the first report and exit stand
    handling = true;
    const e = err instanceof Error ? err : new Error(String(err));
    try {
      process.stderr.write(`${opts.proc}: uncaught ${origin}: ${e.message.split('\n')[0]}; exiting (${EX_UNCAUGHT}) for the supervisor to restart\n`);
      opts.logger?.()?.error('kiosk:last-resort', `uncaught ${origin}: ${e.message}`, { stack: e.stack ?? '' });
    } finally {
      exit(EX_UNCAUGHT);
    }
  };
  process.on('uncaughtException', (err, origin) => onFatal(err, origin === 'unhandledRejection' ? 'rejection' : 'exception'));
  process.on('unhandledRejection', (reason) => onFatal(reason, 'rejection'));
}
