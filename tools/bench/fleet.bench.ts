/**
 * Fleet benchmark: N simulated kiosks (lightweight MQTT.js clients, not whole
 * hosts) publish the real telemetry payload to a local mosquitto, as ThingsBoard devices do.
 * Prints bytes and messages per kiosk per hour, the broker's CPU at N kiosks (from /proc/<pid>/stat),
 * the kiosk's own CPU cost of building, buffering and sending telemetry, and the oldest telemetry on
 * arrival (goal: < 50 KB per kiosk per hour at telemetrySec 60; nothing older than 2 × telemetrySec).
 * Each simulated kiosk sends what the fleet module sends: the full set every 10th period, the
 * changed keys in between (TelemetryEncoder), with a citizen served in about one period in five.
 * Prints figures; asserts nothing. Run: node tools/bench.mjs fleet
 * Env: FLEET_BENCH_KIOSKS (1000), FLEET_BENCH_SEC (telemetrySec, 60), FLEET_BENCH_STRESS_SEC (15).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { KioskConfig } from '../../contracts/config.js';
import { Host } from '../../main/host/host.js';
import { startFleet } from '../../main/host/fleet/index.js';
import { TelemetryEncoder, type TelemetryValues } from '../../main/host/fleet/telemetry.js';
import { Mosquitto, mosquittoAvailable } from '../../main/host/fleet/test-support/mosquitto.js';
import { defaultKeyFilePath } from '../../offline-queue/index.js';

const N = Number(process.env.FLEET_BENCH_KIOSKS ?? 1000);
const PERIOD_SEC = Number(process.env.FLEET_BENCH_SEC ?? 60);
const STRESS_SEC = Number(process.env.FLEET_BENCH_STRESS_SEC ?? 15);
const CLK_TCK = 100;

if (!mosquittoAvailable()) {
  console.log('fleet: mosquitto is not installed (apt-get install mosquitto); skipped');
  process.exit(0);
}

/** utime + stime of a process, seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const broker = new Mosquitto();
await broker.start();
const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-'));
const clients: MqttClient[] = [];
let host: Host | null = null;
try {
  // 1. One real kiosk: the host on simulated devices, the fleet module, telemetry through its SQLite buffer.
  host = await Host.create(KioskConfig.parse({ kioskId: 'bench-kiosk', dataDir: dir, fleet: { url: broker.url, accessToken: 'bench', telemetrySec: 3600 } }));
  const fleet = startFleet(host, { appVersion: '0.1.0', restart: () => undefined })!;
  while (!fleet.status.connected || fleet.buffer.count() > 0) await sleep(20);
  const ROUNDS = 300;
  // Waiting with a sleep, not a busy poll, so the CPU measured is the telemetry's own.
  const drained = async () => {
    do await sleep(5);
    while (fleet.buffer.count() > 0);
  };
  for (let i = 0; i < 30; i++) {
    fleet.pushTelemetry(fleet.values());
    await drained();
  }
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    fleet.pushTelemetry(fleet.values());
    await drained();
  }
  const cpu = process.cpuUsage(c0);
  const perMsgUs = (cpu.user + cpu.system) / ROUNDS;
  const wallMs = (performance.now() - t0) / ROUNDS;
  const values = fleet.values() as TelemetryValues;
  const payload = JSON.stringify({ ts: Date.now(), values });
  console.log(`kiosk cost: ${(perMsgUs / 1000).toFixed(2)} ms CPU per telemetry (build snapshot + SQLite buffer + MQTT QoS 1 publish + PUBACK), ${wallMs.toFixed(2)} ms wall`);
  console.log(`  at telemetrySec ${PERIOD_SEC}: ${((perMsgUs / (PERIOD_SEC * 1e6)) * 100).toFixed(4)} % of one core; payload ${payload.length} bytes, ${Object.keys(values).length} keys`);
  await fleet.stop();
  await host.dispose();
  host = null;

  // 2. N lightweight kiosks: connect (paced, as a hall's kiosks coming up), attributes, then telemetry every PERIOD_SEC at a random phase.
  let received = 0;
  let maxAgeMs = 0;
  const platform = await mqtt.connectAsync(broker.url, { clientId: 'platform', reconnectPeriod: 0 });
  platform.on('message', (_t, p) => {
    const body = JSON.parse(p.toString()) as { ts: number };
    received++;
    maxAgeMs = Math.max(maxAgeMs, Date.now() - body.ts);
  });
  await platform.subscribeAsync('v1/devices/me/telemetry', { qos: 1 });
  const tc = Date.now();
  for (let i = 0; i < N; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, N - i) }, async (_x, j) => {
        const c = await mqtt.connectAsync(broker.url, { clientId: `bench-${i + j}`, username: `tok-${i + j}`, keepalive: 30, reconnectPeriod: 0, clean: true });
        clients.push(c);
        await c.publishAsync('v1/devices/me/attributes', JSON.stringify({ appVersion: '0.1.0', kioskId: `bench-${i + j}`, configHash: '0123456789abcdef', hall: '24小时自助服务厅' }), { qos: 1 });
      }),
    );
  }
  console.log(`${N} kiosks connected in ${((Date.now() - tc) / 1000).toFixed(1)} s`);

  /** Bytes both ways on the kiosks' sockets (MQTT.js's stream is the net.Socket). */
  const wireBytes = (of: MqttClient[]) => of.reduce((sum, c) => {
    const sock = c.stream as unknown as { bytesWritten?: number; bytesRead?: number } | undefined;
    return sum + (sock?.bytesWritten ?? 0) + (sock?.bytesRead ?? 0);
  }, 0);
  const run = async (periodSec: number, windowSec: number, of: MqttClient[] = clients) => {
    const bytes0 = wireBytes(of);
    const b0 = cpuSeconds(broker.pid!);
    const r0 = received;
    maxAgeMs = 0;
    let sent = 0;
    const timers: NodeJS.Timeout[] = [];
    const start = Date.now();
    of.forEach((c, i) => {
      // A kiosk's day: uptime grows; now and then a citizen is served (queue and session counts move) and memory shifts.
      const encoder = new TelemetryEncoder();
      const v: TelemetryValues = { ...values };
      const send = () => {
        v.uptimeSec = Math.round((Date.now() - start) / 1000) + i;
        if (Math.random() < 0.2) {
          v['sessions.count'] = Number(v['sessions.count']) + 1;
          v['sessions.lastHour'] = Number(v['sessions.lastHour']) + 1;
          v['queue.done'] = Number(v['queue.done']) + 1;
        }
        if (Math.random() < 0.2) v['mem.rssBytes'] = Number(v['mem.rssBytes']) + (1 << 20);
        sent++;
        c.publish('v1/devices/me/telemetry', JSON.stringify({ ts: Date.now(), values: encoder.next({ ...v }) }), { qos: 1 });
      };
      const first = setTimeout(() => {
        send();
        timers.push(setInterval(send, periodSec * 1000));
      }, Math.random() * periodSec * 1000);
      timers.push(first);
    });
    await sleep(windowSec * 1000);
    for (const t of timers) clearTimeout(t);
    await sleep(1000); // the last PUBACKs and deliveries
    const secs = (Date.now() - start) / 1000;
    const bytes = wireBytes(of) - bytes0;
    const brokerCpu = (cpuSeconds(broker.pid!) - b0) / secs;
    return { sent, delivered: received - r0, bytes, brokerCpu, secs, maxAgeMs };
  };

  // Volume per kiosk does not depend on N: 100 kiosks over 20 periods (two full sets each), compressed to 1 s periods.
  const vol = await run(1, 20, clients.slice(0, 100));
  const bytesPerMsg = vol.bytes / vol.sent;
  // At telemetrySec P: 3600/P messages an hour, plus keep-alive (PINGREQ + PINGRESP, 2 bytes each) at most every 30 s.
  const perHourMsgs = 3600 / PERIOD_SEC;
  const perHourBytes = bytesPerMsg * perHourMsgs + (3600 / 30) * 4;
  console.log(`volume: ${bytesPerMsg.toFixed(0)} bytes on the wire per telemetry message on average (both directions: PUBLISH with topic and framing, PUBACK; full set every 10th, changed keys in between)`);
  console.log(`  per kiosk per hour at telemetrySec ${PERIOD_SEC}: ${kb(perHourBytes)} (goal < 50 KB), ${perHourMsgs.toFixed(0)} telemetry messages (+ urgent events, + attributes on connect and on change)`);

  const a = await run(PERIOD_SEC, PERIOD_SEC);
  console.log(`${N} kiosks at telemetrySec ${PERIOD_SEC}, over ${a.secs.toFixed(0)} s: ${a.sent} telemetry messages sent, ${a.delivered} delivered to the platform subscriber`);
  console.log(`  broker (mosquitto) CPU: ${(a.brokerCpu * 100).toFixed(2)} % of one core at ${N} kiosks (${(a.sent / a.secs).toFixed(1)} msg/s, every kiosk's first message being the full set)`);
  console.log(`  oldest telemetry on arrival: ${a.maxAgeMs} ms (goal < ${2 * PERIOD_SEC * 1000} ms: ${a.maxAgeMs < 2 * PERIOD_SEC * 1000 ? 'met' : 'NOT met'})`);
  if (STRESS_SEC > 0) {
    const st = await run(1, STRESS_SEC);
    console.log(`stress, ${N} kiosks at telemetrySec 1 (${(st.sent / st.secs).toFixed(0)} msg/s, the rate of ${Math.round((st.sent / st.secs) * PERIOD_SEC)} kiosks at ${PERIOD_SEC} s): broker CPU ${(st.brokerCpu * 100).toFixed(1)} % of one core, oldest on arrival ${st.maxAgeMs} ms, ${st.delivered}/${st.sent} delivered`);
  }
  await platform.endAsync(true);
} finally {
  await Promise.all(clients.map((c) => c.endAsync(true).catch((e: unknown) => console.error(String(e)))));
  await host?.dispose();
  await broker.dispose();
  rmSync(dir, { recursive: true, force: true });
  rmSync(defaultKeyFilePath(dir), { force: true });
}
