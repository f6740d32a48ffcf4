import { spawn } from 'node:child_process';

/**
 * Runs `kiosk-diag ARGS…` as a technician would, without blocking the test's event loop (the
 * simulators a test drives live in the same process), and resolves with its exit code and output.
 */
export function runDiag(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['tools/kiosk-diag.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
