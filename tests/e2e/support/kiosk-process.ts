import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** A browser host started the way a technician starts it: `node tools/host.mjs` with a config file. */
export interface KioskProcess {
  url: string;
  port: number;
  dir: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash). */
  kill(): Promise<void>;
}

export function makeTempDir(prefix = 'kiosk-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startKiosk(opts: { config?: Record<string, unknown>; dir?: string; port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<KioskProcess> {
  const dir = opts.dir ?? makeTempDir();
  const configFile = join(dir, 'kiosk.yaml');
  writeFileSync(configFile, stringify({ dataDir: join(dir, 'data'), ...(opts.config ?? {}) }));
  const child = spawn(process.execPath, ['tools/host.mjs', '--config', configFile], {
    env: { ...process.env, KIOSK_PORT: String(opts.port ?? 0), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not get ready in 60 s:\n${out}`)), 60_000);
    const onData = () => {
      const m = /kiosk ready at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before it was ready:\n${out}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url,
    port: Number(new URL(url).port),
    dir,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
