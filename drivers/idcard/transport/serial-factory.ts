import createDebug from 'debug';
import type { TransportFactory } from './byte-transport.js';
import { SerialTransport } from './serial-transport.js';
import { stableSerialPath } from './stable-path.js';

const log = createDebug('kiosk:idcard:serial');

/**
 * Opens `path`, and after the first successful open remembers its `/dev/serial/by-id` name (when
 * there is one) so a reopen after unplug/replug finds the reader even if it came back as another
 * ttyUSBn. Falls back to the configured path when the by-id name is not there.
 */
export function serialTransportFactory(path: string, baudRate = 115200): () => Promise<ReturnType<TransportFactory>> {
  let stable: string | null = null;
  let first = true;
  return async () => {
    if (first) {
      first = false;
      stable = await stableSerialPath(path);
      if (stable && stable !== path) log('%s is %s', path, stable);
      return new SerialTransport({ path, baudRate });
    }
    const target = stable && (await stableSerialPath(stable)) ? stable : path;
    return new SerialTransport({ path: target, baudRate });
  };
}
