// The part of js-yaml 4 the kiosk uses (the package ships no types of its own).
declare module 'js-yaml' {
  export interface Schema {
    readonly __schema: unique symbol;
  }
  export const CORE_SCHEMA: Schema;
  export function load(text: string, options?: { schema?: Schema; json?: boolean; filename?: string }): unknown;
  const jsyaml: { load: typeof load; CORE_SCHEMA: Schema };
  export default jsyaml;
}
