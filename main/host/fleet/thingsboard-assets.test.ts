import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { APP_ROOT } from '../version.js';
import { telemetryValues } from './telemetry.js';

/**
 * The dashboard and device profile in build/thingsboard/ name only keys the kiosk really sends: a
 * renamed telemetry key must not leave a hall's dashboard or alarm silently empty.
 */
const load = (f: string) => JSON.parse(readFileSync(join(APP_ROOT, 'build', 'thingsboard', f), 'utf8')) as Record<string, unknown>;

// What one kiosk sends: the telemetry keys, the client attributes, fw_state; plus what ThingsBoard itself
// keeps (active) and what the operator sets on each device (latitude, longitude).
function knownKeys(): Set<string> {
  const devices = (['idcard-reader', 'scanner', 'receipt-printer', 'document-printer'] as const).map((kind) => ({ id: kind, kind, state: 'ready' as const, detail: null, model: null, transport: 'sim', simulated: true, awaitingCardRemoval: false, lastError: null }));
  const v = telemetryValues({
    devices,
    queue: { pending: 0, inFlight: 0, done: 0, dead: 0, oldestPendingAgeMs: 0, sync: 'idle' },
    uptimeSec: 1,
    diskFreeBytes: 1,
    memRssBytes: 1,
    screen: 'attract',
    sessionsCount: 0,
    sessionsLastHour: 0,
    servicesLastHour: 0,
    deviceErrors: {},
    rendererCrashes: 0,
    outOfService: false,
    telemetryDropped: 0,
    telemetryBuffered: 0,
    outboxCorrupt: false,
    bundles: { accepted: 0, partlyRefused: 0, open: 0 },
  });
  return new Set([...Object.keys(v), 'appVersion', 'kioskId', 'configHash', 'hall', 'kioskConfigState', 'fw_state', 'current_fw_version', 'active', 'latitude', 'longitude']);
}

function collectKeys(node: unknown, out: string[], inKeyList = false): void {
  if (Array.isArray(node)) node.forEach((n) => collectKeys(n, out, inKeyList));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (inKeyList && typeof o.name === 'string' && o.type !== 'alarm') out.push(o.name);
    for (const [k, v] of Object.entries(o)) collectKeys(v, out, k === 'dataKeys');
  }
}

describe('ThingsBoard dashboard and device profile', () => {
  const known = knownKeys();
  it('the dashboard shows only keys the kiosk sends', () => {
    const d = load('openkiosk-fleet-dashboard.json');
    const keys: string[] = [];
    collectKeys(d, keys);
    assert.ok(keys.length >= 20);
    for (const k of keys) assert.ok(known.has(k), `dashboard key ${k}`);
  });
  it('every alarm rule reads a key the kiosk sends', () => {
    const p = load('openkiosk-device-profile.json') as { profileData: { alarms: { alarmType: string; createRules: Record<string, { condition: { condition: { key: { key: string } }[] } }> }[] } };
    const types = p.profileData.alarms.map((a) => a.alarmType);
    for (const t of ['Paper out', 'Paper near end', 'Queue stuck', 'Dead letters', 'Device offline']) assert.ok(types.includes(t), t);
    for (const a of p.profileData.alarms) for (const r of Object.values(a.createRules)) for (const c of r.condition.condition) assert.ok(known.has(c.key.key), `${a.alarmType}: ${c.key.key}`);
  });
});
