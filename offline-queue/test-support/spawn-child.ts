import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleBeside } from '../../common/module-beside.js';

/** A child running one of the helper scripts here, with its stdout split into lines. */
export interface Child {
  proc: ChildProcess;
  /** Complete lines printed so far. */
  lines: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves when a line equal to `line` appears (or the child exits first: false). */
  waitForLine(line: string): Promise<boolean>;
}

/**
 * The script's command line: its built copy when the test runner has just built `dist-host/`
 * (KIOSK_HOST_BUILD; tools/build-host.mjs), which starts without tsx's second or so per child and
 * these tests start dozens; the TypeScript source under tsx otherwise (a file run on its own).
 */
function command(script: string): string[] {
  const name = script.replace(/\.ts$/, '');
  const built = process.env.KIOSK_HOST_BUILD && join(process.env.KIOSK_HOST_BUILD, 'offline-queue', 'test-support', `${name}.js`);
  if (built && existsSync(built)) return [built];
  // Beside this file: built when this file runs from a build (dist-test/), TypeScript otherwise.
  const own = fileURLToPath(moduleBeside(import.meta.url, `./${name}`));
  return own.endsWith('.ts') ? ['--import', 'tsx', own] : [own];
}

export function spawnHelper(script: 'enqueue-child.ts' | 'sync-child.ts' | 'bundle-child.ts', args: string[]): Child {
  const proc = spawn(process.execPath, [...command(script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { line: string; resolve(ok: boolean): void }[] = [];
  let partial = '';
  let stderr = '';
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    // A line without its newline was cut by the kill and is not a completed print.
    partial = parts.pop() ?? '';
    for (const l of parts) {
      lines.push(l);
      for (const w of waiters.filter((x) => x.line === l)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(true);
      }
    }
  });
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => {
    proc.on('close', (code) => {
      for (const w of waiters.splice(0)) w.resolve(false);
      if (code !== null && code !== 0) process.stderr.write(`${script} exited ${code}: ${stderr}\n`);
      resolve(code);
    });
  });
  return {
    proc,
    lines,
    exited,
    waitForLine: (line) => (lines.includes(line) ? Promise.resolve(true) : new Promise<boolean>((resolve) => waiters.push({ line, resolve }))),
  };
}
