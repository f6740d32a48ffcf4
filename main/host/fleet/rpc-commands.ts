import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isKioskErrorLike } from '../../../contracts/errors.js';
import type { KioskControl } from '../kiosk/kiosk-control.js';
import { redactText } from '../log-redaction.js';
import type { FleetStatus } from './fleet-status.js';

/**
 * The server-side RPC commands (docs/protocol.md §5). Every answer is `{"ok": true, …}` or
 * `{"ok": false, "error": {"code", "message"}}`; nothing personal goes into either.
 */
export type RpcAnswer = ({ ok: true } & Record<string, unknown>) | { ok: false; error: { code: string; message: string } };

export interface CommandDeps {
  /** What the commands may do to the kiosk; nothing else of the host is reachable from here. */
  control: KioskControl;
  kioskId: string;
  values(): Record<string, unknown>;
  fleetStatus(): FleetStatus;
  dataDir: string;
  appVersion: string;
}

/** Log lines `getLogs` returns at most, and bytes (a ThingsBoard RPC answer should stay well under 64 KB). */
export const MAX_LOG_LINES = 500;
export const MAX_LOG_BYTES = 32 * 1024;

const Params = {
  getStatus: z.object({}).passthrough(),
  syncNow: z.object({ timeoutMs: z.number().int().min(100).max(60_000).optional() }).passthrough(),
  printTestPage: z.object({}).passthrough(),
  setOutOfService: z.object({ on: z.boolean(), message: z.string().max(200).nullable().optional() }).passthrough(),
  restart: z.object({}).passthrough(),
  getLogs: z.object({ lines: z.number().int().min(1).max(100_000).optional() }).passthrough(),
};
type CommandName = keyof typeof Params;

const fail = (code: string, message: string): RpcAnswer => ({ ok: false, error: { code, message } });

/** Run one command; never throws (a failure is an answer). */
export async function runCommand(method: string, params: unknown, d: CommandDeps): Promise<RpcAnswer> {
  if (!Object.prototype.hasOwnProperty.call(Params, method)) return fail('unknown-method', `unknown method "${method.slice(0, 64)}"`);
  const m = method as CommandName;
  const parsed = Params[m].safeParse(params ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return fail('bad-request', `${m}: ${i?.path.join('.') || 'params'}: ${i?.message ?? 'invalid'}`);
  }
  try {
    return await commands[m](parsed.data as never, d);
  } catch (e) {
    if (isKioskErrorLike(e)) return fail(e.code, redactText(e.message).slice(0, 300));
    return fail('internal', redactText(e instanceof Error ? e.message : String(e)).slice(0, 300));
  }
}

const commands: { [M in CommandName]: (p: z.infer<(typeof Params)[M]>, d: CommandDeps) => Promise<RpcAnswer> } = {
  getStatus: async (_p, d) => {
    const s = d.fleetStatus();
    return {
      ok: true,
      kioskId: d.kioskId,
      appVersion: d.appVersion,
      idle: d.control.idle(),
      outOfService: d.control.outOfService(),
      remoteConfig: s.remoteConfig,
      buffered: s.buffered,
      telemetry: d.values(),
    };
  },

  syncNow: async (p, d) => {
    const { drained, queue: q } = await d.control.drain(p.timeoutMs ?? 10_000);
    return { ok: true, drained, queue: { pending: q.pending, inFlight: q.inFlight, dead: q.dead, oldestPendingAgeMs: q.oldestPendingAgeMs, sync: q.sync } };
  },

  printTestPage: async (_p, d) => {
    // The printer belongs to the citizen while a service runs (their receipt must not be interleaved).
    if (!d.control.idle()) return fail('busy', 'a citizen is being served; try again when the kiosk is idle');
    const r = await d.control.printTestPage();
    return { ok: true, jobId: r.jobId };
  },

  setOutOfService: async (p, d) => {
    const message = p.on ? (p.message ?? null)?.trim() || null : null;
    // The renderer shows the notice at once on the home/attract screens and after the current service
    // ends; the fleet client keeps it for the next start (both follow the state's change event).
    d.control.setOutOfService({ on: p.on, message: message === null ? null : redactText(message) });
    return { ok: true, on: p.on, message: d.control.outOfService().message, shownNow: d.control.idle() };
  },

  restart: async (_p, d) => {
    const when = d.control.restart();
    return { ok: true, restarting: when };
  },

  getLogs: async (p, d) => {
    const want = Math.min(p.lines ?? 100, MAX_LOG_LINES);
    const dir = join(d.dataDir, 'logs');
    const lines: string[] = [];
    // Newest file first (kiosk.log, then kiosk.log.1): read only each file's tail.
    for (const name of ['kiosk.log', 'kiosk.log.1']) {
      const file = join(dir, name);
      if (lines.length >= want || !existsSync(file)) continue;
      const size = statSync(file).size;
      const text = readTail(file, size, 256 * 1024);
      const got = text.split('\n').filter((l) => l.length > 0);
      lines.unshift(...got.slice(-(want - lines.length)));
    }
    const out: string[] = [];
    let bytes = 0;
    let truncated = lines.length >= want;
    for (let i = lines.length - 1; i >= 0; i--) {
      const l = redactText(lines[i]!).slice(0, 2000);
      if (bytes + l.length + 1 > MAX_LOG_BYTES) {
        truncated = true;
        break;
      }
      bytes += l.length + 1;
      out.unshift(l);
    }
    return { ok: true, lines: out, count: out.length, truncated };
  },
};

function readTail(file: string, size: number, max: number): string {
  const start = Math.max(0, size - max);
  const buf = Buffer.alloc(size - start);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, start);
  } finally {
    closeSync(fd);
  }
  const text = buf.toString('utf8');
  // A cut in the middle of the first line: drop that partial line.
  return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
}
