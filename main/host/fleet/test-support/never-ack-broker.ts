import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';

/**
 * A hostile MQTT broker for tests: it accepts the connection and subscriptions, reads everything the
 * kiosk publishes, and never sends a PUBACK. It pushes RPC requests (QoS 0) as fast as asked. With
 * `dropAfterMs` it flaps: every connection is cut that long after its CONNACK.
 */
export class NeverAckBroker {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private device: Socket | null = null;
  /** QoS 1 publishes received (none acknowledged), and QoS 0 ones, by topic prefix. */
  readonly qos1: string[] = [];
  readonly qos0: { topic: string; payload: Buffer }[] = [];
  /** CONNECT packets received. */
  connects = 0;
  port = 0;

  constructor(private readonly o: { dropAfterMs?: number } = {}) {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get connected(): boolean {
    return this.device !== null;
  }

  async start(): Promise<void> {
    const server = createServer((s) => this.onSocket(s));
    this.server = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    this.port = (server.address() as AddressInfo).port;
  }

  private onSocket(s: Socket): void {
    this.sockets.add(s);
    const parser = mqttPacket.parser();
    s.on('data', (d: Buffer) => parser.parse(d));
    s.on('error', () => s.destroy());
    s.on('close', () => {
      this.sockets.delete(s);
      if (this.device === s) this.device = null;
    });
    parser.on('error', () => s.destroy());
    parser.on('packet', (p) => {
      if (p.cmd === 'connect') {
        this.connects++;
        s.write(mqttPacket.generate({ cmd: 'connack', returnCode: 0, sessionPresent: false }));
        this.device = s;
        if (this.o.dropAfterMs !== undefined) setTimeout(() => s.destroy(), this.o.dropAfterMs);
      } else if (p.cmd === 'subscribe') {
        s.write(mqttPacket.generate({ cmd: 'suback', messageId: p.messageId, granted: p.subscriptions.map(() => 1) }));
      } else if (p.cmd === 'pingreq') {
        s.write(mqttPacket.generate({ cmd: 'pingresp' }));
      } else if (p.cmd === 'publish') {
        if (p.qos > 0) this.qos1.push(p.topic);
        else this.qos0.push({ topic: p.topic, payload: Buffer.from(p.payload) });
      }
    });
  }

  /** Push `n` RPC requests to the connected kiosk (QoS 0, ids from `firstId`). */
  rpc(n: number, body: unknown, firstId = 1): void {
    const s = this.device;
    if (!s) throw new Error('no device connected');
    const payload = Buffer.from(JSON.stringify(body));
    for (let i = 0; i < n; i++) s.write(mqttPacket.generate({ cmd: 'publish', topic: `v1/devices/me/rpc/request/${firstId + i}`, payload, qos: 0, dup: false, retain: false }));
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
  }
}
