import type { MqttClient } from 'mqtt';

/**
 * Bounds on what the kiosk keeps for the broker. A broker that never sends PUBACK would otherwise
 * collect every QoS 1 publish in MQTT.js's outgoing store, and one that stops reading would collect
 * every byte in the socket's write buffer: both grow without limit under a flood of commands.
 */
export const PUBLISH_LIMITS = {
  /** QoS 1 publishes awaiting their PUBACK, per connection; beyond it a publish is refused (telemetry stays on disk). */
  maxUnacked: 32,
  /** Bytes queued on the socket beyond which a QoS 0 answer is dropped rather than queued. */
  maxSocketBacklogBytes: 1024 * 1024,
} as const;

export class PublishRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishRefused';
  }
}

/** Counts unacknowledged QoS 1 publishes per connection; a replaced connection's count goes with it. */
export class PublishGate {
  private readonly unacked = new WeakMap<MqttClient, { n: number }>();

  constructor(private readonly limits: typeof PUBLISH_LIMITS = PUBLISH_LIMITS) {}

  /** Unacknowledged QoS 1 publishes on `client`. */
  pending(client: MqttClient | null): number {
    return client ? (this.unacked.get(client)?.n ?? 0) : 0;
  }

  /**
   * QoS 1 publish that resolves on PUBACK, with a timeout (a half-open socket must not hang the
   * caller). The slot is held until MQTT.js lets go of the packet (PUBACK, or the connection is
   * ended and its store flushed), not until the timeout: that is what bounds MQTT.js's store.
   */
  qos1(client: MqttClient | null, topic: string, payload: string | Buffer, timeoutMs: number): Promise<void> {
    if (!client?.connected) return Promise.reject(new Error('not connected'));
    let slot = this.unacked.get(client);
    if (!slot) this.unacked.set(client, (slot = { n: 0 }));
    if (slot.n >= this.limits.maxUnacked) return Promise.reject(new PublishRefused(`${slot.n} publishes await their PUBACK`));
    const s = slot;
    s.n++;
    return new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no PUBACK within ${timeoutMs} ms`)), timeoutMs);
      client.publish(topic, payload, { qos: 1 }, (err) => {
        s.n--;
        clearTimeout(t);
        if (err) reject(err);
        else resolve();
      });
    });
  }

  /** Fire-and-forget QoS 0 publish; false when not sent (not connected, or the socket is not draining). */
  qos0(client: MqttClient | null, topic: string, payload: string | Buffer): boolean {
    if (!client?.connected) return false;
    const backlog = (client.stream as { writableLength?: number } | undefined)?.writableLength ?? 0;
    if (backlog > this.limits.maxSocketBacklogBytes) return false;
    client.publish(topic, payload, { qos: 0 });
    return true;
  }
}
