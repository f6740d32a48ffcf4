// The packaging configuration, checked without the Electron binary or electron-builder's download:
// targets and architectures, what goes into the package, udev rules, the service unit and the
// post-install script.
import assert from 'node:assert/strict';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { APP_ROOT } from '../host/version.js';

interface Target {
  target: string;
  arch: string[];
}
interface BuilderConfig {
  appId: string;
  files: string[];
  npmRebuild: boolean;
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  electronFuses: Record<string, boolean>;
  publish: { provider: string }[];
  linux: { target: Target[]; executableName: string };
  deb: { afterInstall: string; depends: string[] };
  win: { target: Target[] };
}

const cfg = parse(readFileSync(join(APP_ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const targets = (list: Target[]) => Object.fromEntries(list.map((t) => [t.target, [...t.arch].sort()]));

describe('electron-builder.yml', () => {
  it('builds deb and AppImage for x64 and arm64, and NSIS for Windows x64', () => {
    assert.deepEqual(targets(cfg.linux.target), { deb: ['arm64', 'x64'], AppImage: ['arm64', 'x64'] });
    assert.deepEqual(targets(cfg.win.target), { nsis: ['x64'] });
  });

  it('packages the compiled shell, the renderer build and the data files, rebuilding native modules for Electron', () => {
    for (const f of ['package.json', 'dist-electron/**', 'renderer/dist/**', 'services/**', 'drivers/**/profiles/**', 'build/update-keys/*.pem', '!**/*.ts']) assert.ok(cfg.files.includes(f), f);
    assert.equal(cfg.npmRebuild, true);
    assert.ok(cfg.asarUnpack.includes('**/*.node'), 'native .node files outside the asar');
    const pkg = JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
    assert.match(pkg.main, /^dist-electron\//, 'main is inside the packaged files');
    assert.ok(pkg.dependencies['electron-updater'], 'electron-updater is a runtime dependency');
  });

  it('ships the udev rules and the systemd unit as extra resources', () => {
    const extra = Object.fromEntries(cfg.extraResources.map((r) => [r.to, r.from]));
    assert.equal(extra.udev, 'build/udev');
    assert.equal(extra['systemd/openkiosk.service'], 'build/linux/openkiosk.service');
    assert.equal(extra['launcher/openkiosk-launcher'], 'build/linux/openkiosk-launcher.sh');
    for (const r of cfg.extraResources) assert.ok(statSync(join(APP_ROOT, r.from)), r.from);
  });

  it('turns off the risky Electron fuses', () => {
    assert.equal(cfg.electronFuses.runAsNode, false);
    assert.equal(cfg.electronFuses.enableNodeOptionsEnvironmentVariable, false);
    assert.equal(cfg.electronFuses.enableNodeCliInspectArguments, false);
    assert.equal(cfg.electronFuses.onlyLoadAppFromAsar, true);
    assert.equal(cfg.electronFuses.grantFileProtocolExtraPrivileges, false);
  });

  it('uses a generic update provider', () => assert.equal(cfg.publish[0]?.provider, 'generic'));

  it('runs an executable after-install script that adds the kiosk user to dialout, lp and plugdev', () => {
    const p = join(APP_ROOT, cfg.deb.afterInstall);
    accessSync(p, constants.X_OK);
    const sh = readFileSync(p, 'utf8');
    assert.match(sh, /^#!\/bin\/sh\n/);
    assert.match(sh, /usermod -a -G dialout,lp,plugdev/);
    assert.match(sh, /\$RES\/udev\/99-openkiosk\.rules/);
    assert.match(sh, /^RES=\/opt\/OpenKiosk\/resources$/m);
    assert.match(sh, /\$RES\/systemd\/openkiosk\.service/);
    assert.match(sh, /install -D -m 0755 "\$RES\/launcher\/openkiosk-launcher" \/usr\/lib\/openkiosk\/openkiosk-launcher/);
    assert.ok(sh.includes(`/opt/OpenKiosk/`) && cfg.linux.executableName === 'openkiosk');
  });
});

describe('build/ device rules and service unit', () => {
  const rules = readFileSync(join(APP_ROOT, 'build/udev/99-openkiosk.rules'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));

  it('grants serial (ttyUSB, ttyACM) to dialout, hidraw to plugdev, USB printers to lp', () => {
    const has = (re: RegExp) => rules.some((l) => re.test(l));
    assert.ok(has(/KERNEL=="ttyUSB\[0-9\]\*".*GROUP="dialout"/));
    assert.ok(has(/KERNEL=="ttyACM\[0-9\]\*".*GROUP="dialout"/));
    assert.ok(has(/SUBSYSTEM=="hidraw".*GROUP="plugdev"/));
    assert.ok(has(/SUBSYSTEM=="usbmisc", KERNEL=="lp\[0-9\]\*".*GROUP="lp"/));
    assert.ok(has(/ID_MM_DEVICE_IGNORE/), 'ModemManager keeps off the serial devices');
    for (const l of rules) assert.match(l, /^(SUBSYSTEM|KERNEL)==/, `malformed rule: ${l}`);
    for (const l of rules) assert.doesNotMatch(l, /MODE="0?6[67]6"/, 'no world-writable device');
  });

  it('the unit runs the app under cage as the kiosk user and always restarts it', () => {
    const unit = readFileSync(join(APP_ROOT, 'build/linux/openkiosk.service'), 'utf8');
    assert.match(unit, /^\[Unit\]$/m);
    assert.match(unit, /^\[Service\]$/m);
    assert.match(unit, /^\[Install\]$/m);
    assert.match(unit, /^User=kiosk$/m);
    // Through the launcher, which outlives any build and rolls a broken update back.
    assert.match(unit, /^ExecStart=\/usr\/bin\/cage -d -- \/usr\/lib\/openkiosk\/openkiosk-launcher /m);
    assert.match(unit, /^Environment=KIOSK_FACTORY_BUILD=\/opt\/OpenKiosk\/openkiosk$/m);
    assert.doesNotMatch(unit, /cage[^\n]* -s/, 'no VT switching');
    assert.match(unit, /^Restart=always$/m);
    assert.match(unit, /^WantedBy=graphical\.target$/m);
  });
});
