import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import { findSystemTool, noteSubstitute } from '../../../../drivers/core/test-support/system-tools.js';

/**
 * A plain MQTT broker on a free 127.0.0.1 port, for tests and the benchmark: no per-device topics,
 * anonymous logins with any username (the kiosk's token). Debian's mosquitto when installed (a
 * broker written by others, as a platform's MQTT front would be); otherwise aedes in this process,
 * so the suite needs no apt package. {@link plainBroker} picks.
 */
export function mosquittoPath(env: NodeJS.ProcessEnv = process.env): string | null {
  return findSystemTool('mosquitto', [env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto'], env);
}

export const mosquittoAvailable = (): boolean => mosquittoPath() !== null;

export interface PlainBroker {
  readonly kind: 'mosquitto' | 'aedes';
  readonly url: string;
  port: number;
  /** Start (again, on the same port after {@link stop}); resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stop as a crashed broker would: every client connection drops. */
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

/** mosquitto when installed, else aedes (and the test summary says so). */
export function plainBroker(env: NodeJS.ProcessEnv = process.env): PlainBroker {
  const bin = mosquittoPath(env);
  if (bin) return new Mosquitto(bin);
  noteSubstitute('mosquitto', 'aedes (in-process MQTT broker)', env);
  return new AedesBroker();
}

/** aedes on a plain TCP listener; stopping destroys every client socket, as a broker's exit does. */
export class AedesBroker implements PlainBroker {
  readonly kind = 'aedes';
  private broker: Aedes | null = null;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const broker = await Aedes.createBroker();
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      broker.handle(socket);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.broker = broker;
    this.server = server;
  }

  async stop(): Promise<void> {
    const { server, broker } = this;
    this.server = null;
    this.broker = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((r) => server.close(() => r()));
    if (broker) await new Promise<void>((r) => broker.close(() => r()));
  }

  dispose(): Promise<void> {
    return this.stop();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export class Mosquitto implements PlainBroker {
  readonly kind = 'mosquitto';
  private proc: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
  port = 0;

  constructor(private readonly bin: string = mosquittoPath() ?? '/usr/sbin/mosquitto') {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get pid(): number | null {
    return this.proc?.pid ?? null;
  }

  /** Start (again, on the same port after {@link stop}); resolves once it accepts connections. */
  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const conf = join(this.dir, 'mosquitto.conf');
    writeFileSync(conf, [`listener ${this.port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'max_queued_messages 100000', 'log_dest none', ''].join('\n'));
    const proc = spawn(this.bin, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc = proc;
    let err = '';
    proc.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited (${proc.exitCode}): ${err}`);
      if (await canConnect(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`mosquitto did not listen on ${this.port}: ${err}`);
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}
