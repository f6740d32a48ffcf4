import createDebug from 'debug';
import type { FleetStatus } from './fleet-status.js';
import { PublishRefused } from './publish-gate.js';
import { runCommand, type CommandDeps } from './rpc-commands.js';
import { refusalAnswer, requestAge, RpcGuard } from './rpc-guard.js';
import { parseJson, Topics } from './topics.js';

const log = createDebug('kiosk:fleet');

export interface CommandDispatchOptions {
  commands: CommandDeps;
  link: { publish(topic: string, payload: string): Promise<void>; publishOnce(topic: string, payload: string): boolean };
  /** The fleet status the dispatch keeps `lastCommand` of; `touch` after a change. */
  status: FleetStatus;
  touch(): void;
  audit(action: string, ok: boolean, detail: string): void;
  now: () => number;
}

/**
 * Server-side RPC in: admit (rpc-guard.ts), run the command (rpc-commands.ts), audit, answer. Retained
 * requests are ignored (a retained `restart` would restart the kiosk at every start, forever), as are
 * ones older than the bound; beyond the rate and the running bound a command is refused. Refusals are
 * answered at QoS 0: a broker that never acknowledges must not make the kiosk hold them.
 */
export class CommandDispatch {
  private readonly guard: RpcGuard;

  constructor(private readonly o: CommandDispatchOptions) {
    this.guard = new RpcGuard({ audit: o.audit, now: o.now });
  }

  async onRequest(id: string, payload: Buffer, retained: boolean): Promise<void> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return log('rpc: ignored a request id of bad shape');
    let req: unknown;
    const refused = this.guard.admit(retained, () => {
      req = parseJson(payload);
      return requestAge(req);
    });
    if (refused === 'retained') return log('rpc %s: ignored a retained request', id);
    if (refused) {
      if (!this.o.link.publishOnce(Topics.rpcResponse(id), JSON.stringify(refusalAnswer(refused)))) log('rpc %s: %s answer dropped', id, refused);
      return;
    }
    try {
      await this.run(id, req);
    } finally {
      this.guard.done();
    }
  }

  private async run(id: string, req: unknown): Promise<void> {
    const method = req && typeof req === 'object' && typeof (req as { method?: unknown }).method === 'string' ? (req as { method: string }).method.slice(0, 64) : null;
    let params = req && typeof req === 'object' ? ((req as { params?: unknown }).params ?? {}) : {};
    // Some ThingsBoard widgets send params as a JSON string.
    if (typeof params === 'string') params = parseJson(Buffer.from(params)) ?? params;
    const answer = method === null ? { ok: false as const, error: { code: 'bad-request', message: 'expected {"method": "…", "params": {…}}' } } : await runCommand(method, params, this.o.commands);
    const code = answer.ok ? null : answer.error.code;
    this.o.status.lastCommand = { method: method ?? '(malformed)', ok: answer.ok, code, at: new Date(this.o.now()).toISOString() };
    this.o.touch();
    this.o.audit(`fleet.rpc.${method ?? 'malformed'}`, answer.ok, code ?? '');
    const body = JSON.stringify(answer);
    try {
      await this.o.link.publish(Topics.rpcResponse(id), body);
    } catch (e) {
      // Too many answers await their PUBACK: this one goes at most once rather than not at all.
      if (e instanceof PublishRefused) this.o.link.publishOnce(Topics.rpcResponse(id), body);
      else log('rpc %s: answer not sent: %s', id, (e as Error).message);
    }
  }

  /** The fleet connection stops: audit what the guard still counts. */
  flush(): void {
    this.guard.flush();
  }
}
