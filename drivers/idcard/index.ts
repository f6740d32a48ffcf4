import type { IdCardReaderFactory } from '../core/factory.js';
import { IdCardReader } from './reader/idcard-reader.js';
import { loadPhotoDecoder, type PhotoDecoder } from './photo/photo-decoder.js';
import { demoPhotoDecoder } from './sim/demo-photo-decoder.js';
import { hostTransportFor, startSimulator } from './sim/start-simulator.js';
import { HidTransport } from './transport/hid-transport.js';
import { serialTransportFactory } from './transport/serial-factory.js';

export { IdCardReader, type IdCardReaderOptions } from './reader/idcard-reader.js';
export { loadPhotoDecoder, type PhotoDecoder, type DecodedPhoto } from './photo/photo-decoder.js';
export { startSimulator, type RunningSimulator } from './sim/start-simulator.js';

/**
 * The WLT photo decoder for `identity.photoDecoder`: `sim` is the simulator's decoder for the demo
 * cards; a path loads the vendor's library; undefined gives null (no decoder). Chosen here, beside
 * the reader's own factory, so host code never imports simulator code itself.
 */
export function createPhotoDecoder(path: string | undefined): Promise<PhotoDecoder | null> {
  return path === 'sim' ? Promise.resolve(demoPhotoDecoder()) : loadPhotoDecoder(path);
}

/**
 * The ID-card reader for the device hub. `serial` / `hid`: the SAM driver on that transport.
 * `sim`: a SAM simulator on a socat pty pair (in-memory pair when socat is missing) and the same
 * serial driver connected to it, with the simulator's controls in `sim`. `dispose()` closes the
 * driver, then the simulator (socat killed, temp dir removed).
 */
export const createIdCardReader: IdCardReaderFactory = async (config) => {
  if (config.transport === 'serial') {
    const service = new IdCardReader({
      transport: 'serial',
      createTransport: serialTransportFactory(config.path, config.baudRate),
      pollIntervalMs: config.pollIntervalMs,
      requestTimeoutMs: config.requestTimeoutMs,
    });
    await service.open();
    return { service, sim: null, dispose: () => service.dispose() };
  }
  if (config.transport === 'hid') {
    const service = new IdCardReader({
      transport: 'hid',
      createTransport: async () => new HidTransport({ vendorId: config.vendorId, productId: config.productId, path: config.path }),
      pollIntervalMs: config.pollIntervalMs,
      requestTimeoutMs: config.requestTimeoutMs,
    });
    await service.open();
    return { service, sim: null, dispose: () => service.dispose() };
  }
  const running = await startSimulator();
  const service = new IdCardReader({
    transport: running.mode === 'pty' ? 'serial' : 'memory',
    simulated: true,
    createTransport: async () => hostTransportFor(running),
    pollIntervalMs: config.pollIntervalMs,
  });
  await service.open();
  return {
    service,
    sim: {
      listCards: () => running.sim.listCards(),
      placeCard: (key) => running.sim.placeCard(key),
      removeCard: () => running.sim.removeCard(),
    },
    dispose: async () => {
      try {
        await service.dispose();
      } finally {
        await running.dispose();
      }
    },
  };
};
