// Signs update packages (see main/host/fleet/update-signature.ts for the format). Meant to run on
// the offline signing machine, not on a build machine: the private key never leaves it. With an
// HSM or a key held elsewhere, `--print-message` writes the exact bytes to sign and `--signature`
// attaches a signature made there; both sides check it before writing anything.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ENVELOPE_FORMAT, keyIdOf, makeEnvelope, publicKeyFromPem, sha256File, signedMessage, trailerOf, type Envelope, type SignedFields } from '../../main/host/fleet/update-signature.js';
import { APP_VERSION } from '../../main/host/version.js';

const USAGE = `usage:
  sign-update keygen --out DIR
      a new Ed25519 key pair: DIR/openkiosk-update.key.pem (private, 0600) and DIR/openkiosk-update.pub.pem
  sign-update --key PRIVATE.pem [--version V] [--title T] [--kind package|key] FILE
      writes FILE.signed (FILE with its signature at the end: upload it as the ThingsBoard OTA package)
      and FILE.sig (the signature alone: put it beside FILE on the updates.url server)
  sign-update --public-key PUBLIC.pem --print-message [--version V] [--title T] [--kind K] FILE
      writes FILE.msg, the exact bytes to sign elsewhere (HSM, or: openssl pkeyutl -sign -rawin -inkey KEY -in FILE.msg -out FILE.msg.sig)
  sign-update --public-key PUBLIC.pem --signature FILE.msg.sig [--version V] [--title T] [--kind K] FILE
      checks that raw 64-byte signature and writes FILE.signed and FILE.sig as above
A key rotation: --kind key --title openkiosk-update-key --version N NEW.pub.pem, signed with the current key.
--version defaults to package.json's (${APP_VERSION}), --title to openkiosk.`;

export async function main(argv: string[], out: (l: string) => void, err: (l: string) => void): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        key: { type: 'string' },
        'public-key': { type: 'string' },
        'print-message': { type: 'boolean' },
        signature: { type: 'string' },
        version: { type: 'string' },
        title: { type: 'string' },
        kind: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const v = args.values;
  if (v.help) return (out(USAGE), 0);
  try {
    if (args.positionals[0] === 'keygen') return keygen(v.out, out, err);
    const file = args.positionals[0];
    if (!file || args.positionals.length > 1) return (err(USAGE), 2);
    const kind = v.kind ?? 'package';
    if (kind !== 'package' && kind !== 'key') return (err(`--kind is package or key\n${USAGE}`), 2);
    if (kind === 'key') publicKeyFromPem(readFileSync(file, 'utf8'));
    const fields = { kind, title: v.title ?? 'openkiosk', version: v.version ?? APP_VERSION, size: statSync(file).size, sha256: await sha256File(file) } as const;
    if (v.key) return write(file, makeEnvelope(fields, loadPrivate(v.key)), out);
    if (!v['public-key']) return (err(`give --key, or --public-key with --print-message or --signature\n${USAGE}`), 2);
    const pub = publicKeyFromPem(readFileSync(v['public-key'], 'utf8'));
    const signed: SignedFields = { ...fields, keyId: keyIdOf(pub) };
    if (v['print-message']) {
      writeFileSync(`${file}.msg`, signedMessage(signed));
      out(`${file}.msg: sign these ${signedMessage(signed).length} bytes with the private key of ${signed.keyId}, then run again with --signature`);
      return 0;
    }
    if (!v.signature) return (err(USAGE), 2);
    const sig = readFileSync(v.signature);
    if (!verify(null, signedMessage(signed), pub, sig)) throw new Error(`${v.signature} is not a signature of ${file} (${fields.kind} ${fields.title} ${fields.version}) by key ${signed.keyId}`);
    return write(file, { format: ENVELOPE_FORMAT, ...signed, signature: sig.toString('base64') }, out);
  } catch (e) {
    err(`sign-update: ${(e as Error).message}`);
    return 1;
  }
}

function loadPrivate(path: string): KeyObject {
  const key = createPrivateKey(readFileSync(path));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${path} is a ${key.asymmetricKeyType ?? 'unknown'} key; update keys are Ed25519`);
  return key;
}

function write(file: string, envelope: Envelope, out: (l: string) => void): number {
  copyFileSync(file, `${file}.signed`);
  appendFileSync(`${file}.signed`, trailerOf(envelope));
  writeFileSync(`${file}.sig`, `${JSON.stringify(envelope)}\n`);
  const sum = createHash('sha256').update(readFileSync(`${file}.signed`)).digest('hex');
  out(`${file}.signed  ${envelope.kind} ${envelope.title} ${envelope.version}, key ${envelope.keyId}; ThingsBoard checksum SHA256 ${sum}`);
  out(`${file}.sig     detached signature for the updates.url server`);
  return 0;
}

function keygen(dir: string | undefined, out: (l: string) => void, err: (l: string) => void): number {
  if (!dir) return (err(`keygen needs --out DIR\n${USAGE}`), 2);
  mkdirSync(dir, { recursive: true });
  const priv = join(dir, 'openkiosk-update.key.pem');
  if (existsSync(priv)) return (err(`${priv} exists; not overwritten`), 1);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  chmodSync(priv, 0o600);
  writeFileSync(join(dir, 'openkiosk-update.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  out(`key ${keyIdOf(createPublicKey(privateKey))}: ${priv} (keep offline) and ${join(dir, 'openkiosk-update.pub.pem')} (goes to build/update-keys/)`);
  return 0;
}
