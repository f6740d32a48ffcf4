// Sandboxed preload (CommonJS, as sandboxed preloads must be). It exposes one function and relays
// MessagePorts; the renderer never sees ipcRenderer or any Node API.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('kioskBridge', {
  connect: () => ipcRenderer.send('kiosk:connect'),
});

ipcRenderer.on('kiosk:port', (event) => {
  window.postMessage('kiosk-host-port', window.location.origin, event.ports);
});
ipcRenderer.on('kiosk:host-down', () => {
  window.postMessage('kiosk-host-down', window.location.origin);
});
