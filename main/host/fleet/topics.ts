/** ThingsBoard's MQTT device API topics (docs/protocol.md §5). */
export const Topics = {
  telemetry: 'v1/devices/me/telemetry',
  attributes: 'v1/devices/me/attributes',
  attributesRequest: (n: number) => `v1/devices/me/attributes/request/${n}`,
  attributesResponse: 'v1/devices/me/attributes/response/+',
  rpcRequest: 'v1/devices/me/rpc/request/+',
  rpcResponse: (id: string) => `v1/devices/me/rpc/response/${id}`,
  provisionRequest: '/provision/request',
  provisionResponse: '/provision/response',
  fwResponse: 'v2/fw/response/+/chunk/+',
  fwRequest: (req: number, chunk: number) => `v2/fw/request/${req}/chunk/${chunk}`,
} as const;

/** Shared keys of ThingsBoard's OTA (user-guide/ota-updates). */
export const FW_KEYS = ['fw_title', 'fw_version', 'fw_checksum', 'fw_checksum_algorithm', 'fw_size'] as const;

export function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8')) as unknown;
  } catch {
    // Malformed input is data, not a crash: callers answer it (bad-request) or drop it.
    return undefined;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
