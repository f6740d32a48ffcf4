// The host inside an Electron utilityProcess: the same Host as the browser host, reached through
// MessagePorts that the main process hands over, one per renderer connection.
import { ConfigError, EX_CONFIG, loadConfig } from '../host/config-loader.js';
import { Host } from '../host/host.js';
import { servePeer } from '../host/protocol-server.js';

interface PortLike {
  on(event: 'message', l: (e: { data: unknown }) => void): void;
  on(event: 'close', l: () => void): void;
  postMessage(message: unknown): void;
  start(): void;
}
interface ParentPort {
  on(event: 'message', l: (e: { data: unknown; ports: PortLike[] }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  process.stderr.write('host-process: must run inside an Electron utilityProcess\n');
  process.exit(2);
}

async function main(pp: ParentPort): Promise<void> {
  let host: Host;
  try {
    host = await Host.create(loadConfig({ argv: process.argv.slice(2), env: process.env }).config);
  } catch (e) {
    if (e instanceof ConfigError) {
      pp.postMessage({ type: 'config-error', lines: e.lines });
      process.exit(EX_CONFIG);
    }
    throw e;
  }
  pp.on('message', (e) => {
    const port = e.ports[0];
    if (!port || (e.data as { type?: string })?.type !== 'connect') return;
    const peer = servePeer(host, { send: (m) => port.postMessage(JSON.stringify(m)) });
    port.on('message', (m) => peer.receive(m.data));
    port.on('close', () => peer.close());
    port.start();
  });
  const stop = async () => {
    await host.dispose();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  pp.postMessage({ type: 'ready', info: host.info() });
}

main(parentPort).catch((e: unknown) => {
  process.stderr.write(`host-process: failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
