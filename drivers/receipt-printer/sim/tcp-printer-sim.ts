import { createServer, type Server, type Socket } from 'node:net';
import { SimPrinter, type SimPrinterOptions } from './printer-sim.js';

/** A simulated network printer: ESC/POS over TCP, like port 9100 on a real one. */
export interface TcpPrinterSim {
  printer: SimPrinter;
  host: string;
  port: number;
  uri: string;
  close(): Promise<void>;
}

/** Listen on `host:port` (port 0 = ephemeral). */
export async function startTcpPrinterSim(opts: SimPrinterOptions & { host?: string; port?: number } = {}): Promise<TcpPrinterSim> {
  const printer = new SimPrinter(opts);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const sink = (b: Uint8Array): void => {
      if (!socket.destroyed) socket.write(b);
    };
    socket.on('data', (d: Buffer) => printer.receive(new Uint8Array(d), sink));
    socket.on('error', () => socket.destroy()); // a client reset is not a simulator failure
    socket.on('close', () => {
      sockets.delete(socket);
      printer.disconnect(sink);
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    printer,
    host,
    port,
    uri: `tcp://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        printer.close();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
