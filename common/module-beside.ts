/**
 * The module `path` (relative, without its extension) beside `fromUrl` (the caller's
 * `import.meta.url`), as the caller itself runs: `.ts` from the sources under tsx, `.js` from a build
 * (`dist-host/`, `dist-test/`, `dist-electron/`), where only the built files exist.
 */
export function moduleBeside(fromUrl: string, path: string): URL {
  return new URL(`${path}${fromUrl.endsWith('.ts') ? '.ts' : '.js'}`, fromUrl);
}
