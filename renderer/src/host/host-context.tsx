import { createContext, useCallback, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { HostInfo } from '../../../contracts/protocol.js';
import type { DeviceStatus } from '../../../contracts/devices.js';
import { HostClient, type ConnectionState } from './client.js';

export const HostContext = createContext<HostClient | null>(null);

export function useHost(): HostClient {
  const c = useContext(HostContext);
  if (!c) throw new Error('useHost outside HostContext');
  return c;
}

/**
 * Connection state and the host's introduction; `info` changes when the host restarts.
 *
 * Read through useSyncExternalStore, not useState + useEffect: the client connects before React
 * mounts, and a `host.hello` that arrives between the first render and the effect that subscribes
 * would otherwise be missed, leaving the "connection lost" overlay up over a working connection.
 */
export function useConnection(): { state: ConnectionState; info: HostInfo | null } {
  const host = useHost();
  const subscribeState = useCallback((notify: () => void) => host.onConnectionState(notify), [host]);
  const subscribeInfo = useCallback(
    (notify: () => void) => {
      const offHello = host.on('host.hello', notify);
      const offInfo = host.on('kiosk.info', notify);
      return () => (offHello(), offInfo());
    },
    [host],
  );
  const state = useSyncExternalStore(subscribeState, () => host.connectionState());
  const info = useSyncExternalStore(subscribeInfo, () => host.info);
  return { state, info };
}

/** Live device statuses: fetched on (re)connect, then kept current by `device.status` events. */
export function useDevices(): DeviceStatus[] {
  const host = useHost();
  const { state } = useConnection();
  const [devices, setDevices] = useState<DeviceStatus[]>([]);
  useEffect(() => {
    if (state !== 'open') return;
    let live = true;
    host.call('devices.list', {}).then(
      (d) => live && setDevices(d),
      (e: unknown) => console.error('devices.list failed', e),
    );
    const off = host.on('device.status', (s) => setDevices((prev) => prev.map((d) => (d.id === s.id ? s : d))));
    return () => {
      live = false;
      off();
    };
  }, [host, state]);
  return devices;
}
