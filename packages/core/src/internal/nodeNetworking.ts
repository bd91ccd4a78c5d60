/**
 * Node's networking modules (`node:http`, `node:https`, `node:net`, `node:tls`) for the Node
 * transport, loaded when a transport is made rather than when the package is imported.
 *
 * Why: an ESM `import * as Http from "node:http"` builds the module's namespace, which reads every
 * export, and `node:http`'s `WebSocket`, `CloseEvent` and `MessageEvent` are lazy getters that load
 * undici (Node 22.5+): 28 ms of the 40 ms that importing the Effect 4 flavor's `CodePipeline` took
 * after its codec, on Node 24 (a CPU profile of the import, 2026-12-05). `require` returns the
 * module object and reads nothing (as does `process.getBuiltinModule`). Loading the four modules
 * at all (TLS above all) took another 16 ms of that import, for a program that may only ever use
 * the test layers.
 *
 * @internal
 */
import { createRequire } from "node:module"

export interface NodeNetworking {
  readonly http: typeof import("node:http")
  readonly https: typeof import("node:https")
  readonly net: typeof import("node:net")
  readonly tls: typeof import("node:tls")
}

let loaded: NodeNetworking | undefined

/**
 * A builtin module's object: `process.getBuiltinModule` (Node 20.16, 22.3 and later) needs no
 * `import.meta.url`, which a CommonJS bundle of this package (esbuild's default for a Lambda) leaves
 * empty; `createRequire` serves older Node 20s.
 */
const builtins = (): ((id: string) => any) => {
  const fromProcess = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule
  return fromProcess !== undefined ? (id) => fromProcess(id) : createRequire(import.meta.url)
}

export const nodeNetworking = (): NodeNetworking => {
  if (loaded === undefined) {
    const require = builtins()
    loaded = { http: require("node:http"), https: require("node:https"), net: require("node:net"), tls: require("node:tls") }
  }
  return loaded
}
