import { createContext, useContext, useEffect, useState } from 'react';
import type { HostInfo } from '../../../contracts/protocol.js';
import type { DeviceStatus } from '../../../contracts/devices.js';
import { HostClient, type ConnectionState } from './client.js';

export const HostContext = createContext<HostClient | null>(null);

export function useHost(): HostClient {
  const c = useContext(HostContext);
  if (!c) throw new Error('useHost outside HostContext');
  return c;
}

/** Connection state and the host's introduction; `info` changes when the host restarts. */
export function useConnection(): { state: ConnectionState; info: HostInfo | null } {
  const host = useHost();
  const [state, setState] = useState<ConnectionState>(host.connectionState());
  const [info, setInfo] = useState<HostInfo | null>(host.info);
  useEffect(() => {
    const a = host.onConnectionState(setState);
    const b = host.on('host.hello', setInfo);
    return () => {
      a();
      b();
    };
  }, [host]);
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
