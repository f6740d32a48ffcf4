/** A message channel to the host: a WebSocket (browser host) or a MessagePort (Electron preload). */
export interface HostChannel {
  send(text: string): void;
  close(): void;
}

export interface ChannelHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  onClose(): void;
}

/** What the Electron preload exposes on `window.kioskBridge` (see main/electron/preload.ts). */
export interface KioskBridge {
  /** Ask the shell for a fresh MessagePort connected to the host; arrives as a window message. */
  connect(): void;
}

declare global {
  interface Window {
    kioskBridge?: KioskBridge;
  }
}

/** Open a channel to the host with whichever transport this shell provides. */
export function openChannel(h: ChannelHandlers): HostChannel {
  if (window.kioskBridge) return openPortChannel(window.kioskBridge, h);
  return openSocketChannel(h);
}

function openSocketChannel(h: ChannelHandlers): HostChannel {
  const url = new URL('/ws', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url);
  let closed = false;
  const fireClose = () => {
    if (closed) return;
    closed = true;
    h.onClose();
  };
  ws.onopen = () => h.onOpen();
  ws.onmessage = (e) => {
    if (typeof e.data === 'string') h.onMessage(e.data);
  };
  ws.onclose = fireClose;
  ws.onerror = fireClose;
  return {
    send: (text) => ws.send(text),
    close: () => ws.close(),
  };
}

function openPortChannel(bridge: KioskBridge, h: ChannelHandlers): HostChannel {
  let port: MessagePort | null = null;
  const onWindowMessage = (e: MessageEvent) => {
    // The preload posts from our own window; anything else is ignored.
    if (e.source !== window) return;
    if (e.data === 'kiosk-host-down' && port) {
      window.removeEventListener('message', onWindowMessage);
      port.close();
      h.onClose();
      return;
    }
    if (e.data !== 'kiosk-host-port' || !e.ports[0] || port) return;
    port = e.ports[0];
    port.onmessage = (m) => {
      if (typeof m.data === 'string') h.onMessage(m.data);
    };
    port.start();
    h.onOpen();
  };
  window.addEventListener('message', onWindowMessage);
  bridge.connect();
  return {
    send: (text) => port?.postMessage(text),
    close: () => {
      window.removeEventListener('message', onWindowMessage);
      port?.close();
    },
  };
}
