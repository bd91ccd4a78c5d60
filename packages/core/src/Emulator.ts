/**
 * The emulator's request handling, written once for every runtime: a request's method, path,
 * headers and body in; its status, headers and body out. It is CodePipeline's awsJson1_1 protocol
 * over a {@link Simulator.Simulator}: the operation named by `X-Amz-Target`, its input decoded and
 * validated with the operation's codec, run by the simulator, its output encoded with the codec;
 * errors as AWS answers them (status, `{"__type", "message"}`, `x-amzn-ErrorType`), an
 * `x-amzn-RequestId` on every response; and SigV4 checked strictly, as AWS checks it.
 *
 * ```ts
 * import * as Emulator from "@effect-codepipeline/core/Emulator"
 * import * as Simulator from "@effect-codepipeline/core/Simulator"
 *
 * const handler = Emulator.makeHandler({ simulator: Simulator.makeSimulator({}) })
 * const response = await handler({
 *   method: "POST",
 *   path: "/",
 *   headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "CodePipeline_20150709.ListPipelines" },
 *   body: new TextEncoder().encode("{}"),
 * })
 * response.status // 400: MissingAuthenticationTokenException (the request is not signed)
 * ```
 *
 * Beside the API, it answers the control API under `/_emulator/` (unless `controls: false`):
 * plain JSON, signed like the API, over the simulator's controls (reset, state, actions, faults,
 * delays, recorded calls, sources, webhooks, simulated time, declarative outcomes). Its routes are
 * described by {@link openApiDocument}; `EmulatorControls` is its typed client.
 *
 * No server comes with it: `@effect-codepipeline/emulator` serves it with `node:http` (with body
 * limits, deadlines and a state file), and `effect-codepipeline/testing`'s `CodePipelineEmulator`
 * wraps it as an Effect `HttpApp` for Bun, Deno and edge runtimes. It imports no `node:` module
 * (hashing is the Web Crypto API's), so any runtime with `globalThis.crypto` can run it.
 *
 * @since 0.1.0
 */
import { Verifier } from "./emulator/auth.js"
import { makeClock } from "./emulator/clock.js"
import { type ControlContext, handleControl, isControlPath, NO_OUTCOMES } from "./emulator/controls.js"
import { Delays, sleep } from "./emulator/delays.js"
import * as Protocol from "./emulator/protocol.js"
import { type Sha256Constructor, webSha256 } from "./emulator/sha256.js"
import type { Simulator } from "./Simulator.js"
import { callerProblem, ControlError } from "./simulator/errors.js"

export { CONTENT_TYPE, errorResponse, statusOf, TARGET_PREFIX } from "./emulator/protocol.js"
export { CONTROL_PREFIX } from "./emulator/routes.js"
export { openApiDocument } from "./emulator/openapi.js"

/**
 * The credentials the emulator accepts unless told otherwise. They are test values, valid nowhere
 * else; pass them to any AWS client pointed at the emulator.
 *
 * @since 0.1.0
 */
export const DEFAULT_CREDENTIALS: Credentials = {
  accessKeyId: "AKIAEMULATOR00000000",
  secretAccessKey: "emulator/secret/access/key/EXAMPLEKEY000",
}

/**
 * @since 0.1.0
 */
export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  /** When set, requests must carry it (`X-Amz-Security-Token`), as temporary credentials do. */
  readonly sessionToken?: string | undefined
  /**
   * The ARN of whoever signs with this key: the caller of its requests (see `Simulator.execute`).
   * Default: the simulator's `identity`.
   */
  readonly caller?: string | undefined
}

/**
 * @since 0.1.0
 */
export interface AuthOptions {
  /** The key pairs accepted. Default: {@link DEFAULT_CREDENTIALS}. */
  readonly credentials?: ReadonlyArray<Credentials> | undefined
  /** How far a request's signing date may be from the server's clock, in milliseconds. Default: 5 minutes, as AWS. */
  readonly maxSkewMs?: number | undefined
}

/**
 * A request as any HTTP server receives it.
 *
 * @since 0.1.0
 */
export interface Request {
  readonly method: string
  /** The request target: the path, and the query string if any (`/`, `/?X-Amz-Signature=...`). */
  readonly path: string
  /** Header names in any case; a header received several times as an array (or its values joined with `,`). */
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  readonly body: Uint8Array
  /** The `x-amzn-RequestId` to answer with. Default: a new UUID. */
  readonly requestId?: string | undefined
  /** When the request is served, on the simulation's clock (milliseconds). Default: the handler's `now()`. */
  readonly time?: number | undefined
}

/**
 * @since 0.1.0
 */
export interface Response {
  readonly status: number
  /** `Content-Type`, `x-amzn-RequestId`, and `x-amzn-ErrorType` for an error. */
  readonly headers: Readonly<Record<string, string>>
  /** The JSON body. */
  readonly body: string
  /** The operation the request named, when it named a known one (for logs). */
  readonly operation?: string | undefined
  /** The error code, for an error response. */
  readonly code?: string | undefined
}

/**
 * One answered request, for logs (a server's `onRequest`).
 *
 * @since 0.1.0
 */
export interface RequestLog {
  readonly requestId: string
  readonly method: string
  /** The operation, when the request named a known one. */
  readonly operation: string | undefined
  readonly status: number
  /** The error code of an error response. */
  readonly code: string | undefined
  readonly durationMs: number
}

/**
 * @since 0.1.0
 */
export interface HandlerOptions {
  /** The CodePipeline served. */
  readonly simulator: Simulator
  /** The region served: requests must be signed for it. Default: `us-east-1` (the simulator's default). */
  readonly region?: string | undefined
  /** SigV4 authentication: `false` accepts anything, signed or not. Default: on, with {@link DEFAULT_CREDENTIALS}. */
  readonly auth?: boolean | AuthOptions | undefined
  /**
   * The simulation's clock, in milliseconds since the Unix epoch: executions progress on it, plus
   * however far the advance control has moved time. A function that always answers the same time
   * is a manual clock: time moves only when the control moves it. Signatures are always checked
   * against the wall clock (`Date.now()`). Default: `Date.now`.
   */
  readonly now?: (() => number) | undefined
  /**
   * The control API under `/_emulator/` (see `docs/emulator.md`, "Controls"): plain JSON, signed
   * like the API. `false` removes it: its paths are then answered as the AWS API answers any
   * other. Default: on.
   */
  readonly controls?: boolean | undefined
  /**
   * SHA-256 and HMAC-SHA-256 for the SigV4 checks, as `@smithy/signature-v4` takes them
   * (`new Hash(key?)`, `update`, `digest(): Promise<Uint8Array>`). Default: on the Web Crypto API,
   * which every runtime has; on Node, `node:crypto`'s is about 8 times faster (the emulator
   * package's server passes it).
   */
  readonly sha256?: Sha256 | undefined
}

/**
 * A SHA-256 hash in `@smithy/signature-v4`'s shape: with a key, HMAC-SHA-256.
 *
 * @since 0.1.0
 */
export type Sha256 = new (
  key?: string | ArrayBuffer | ArrayBufferView,
) => {
  update(data: string | ArrayBuffer | ArrayBufferView): void
  digest(): Promise<Uint8Array>
  reset(): void
}

/**
 * Answers one request. Never rejects: every problem is an AWS-style error response.
 *
 * @since 0.1.0
 */
export interface Handler {
  (request: Request): Promise<Response>
  /** The credentials it accepts (the first configured pair; the default pair when auth is off). */
  readonly credentials: Credentials
  /** The region it serves. */
  readonly region: string
  /** Names the caller of the requests signed with an access key from now on (`undefined`: the simulator's `identity`). */
  readonly setCaller: (accessKeyId: string, caller: string | undefined) => void
}

const headersOf = (headers: Request["headers"]): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const name of Object.keys(headers)) {
    const value = headers[name]
    if (value === undefined) continue
    const text = typeof value === "string" ? value.trim() : value.map((v) => v.trim()).join(",")
    const key = name.toLowerCase()
    out[key] = out[key] === undefined ? text : `${out[key]},${text}`
  }
  return out
}

const split = (target: string): { readonly path: string; readonly query: Record<string, string | Array<string>> } => {
  let url: URL
  try {
    url = new URL(target, "http://emulator")
  } catch {
    url = new URL("http://emulator/")
  }
  const query: Record<string, string | Array<string>> = {}
  for (const [key, value] of url.searchParams) {
    const existing = query[key]
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return { path: url.pathname, query }
}

/**
 * The emulator's {@link Handler} over a simulator.
 *
 * @since 0.1.0
 */
export const makeHandler = (options: HandlerOptions): Handler => {
  const region = options.region ?? "us-east-1"
  const auth = options.auth
  const authOptions: AuthOptions = typeof auth === "object" ? auth : {}
  const accepted = authOptions.credentials ?? [DEFAULT_CREDENTIALS]
  const verifier =
    auth === false
      ? undefined
      : new Verifier({
          credentials: accepted,
          region,
          service: "codepipeline",
          maxSkewMs: authOptions.maxSkewMs ?? 5 * 60_000,
          sha256: (options.sha256 as Sha256Constructor | undefined) ?? webSha256,
        })
  const callers = new Map<string, string>()
  for (const c of accepted) {
    if (c.caller === undefined) continue
    const problem = callerProblem(c.caller)
    if (problem !== undefined) throw new ControlError(`credentials of ${c.accessKeyId}: ${problem}`)
    callers.set(c.accessKeyId, c.caller)
  }
  const context: Protocol.Context = { simulator: options.simulator, verifier, callerOf: (accessKeyId) => callers.get(accessKeyId) }
  const clock = makeClock(options.now ?? Date.now)
  const delays = new Delays()
  const controls: ControlContext | undefined =
    options.controls === false ? undefined : { simulator: options.simulator, verifier, clock, delays, outcomes: NO_OUTCOMES }
  const handler = async (request: Request): Promise<Response> => {
    const { path, query } = split(request.path)
    const parsed = {
      requestId: request.requestId ?? globalThis.crypto.randomUUID(),
      method: request.method,
      path,
      query,
      headers: headersOf(request.headers),
      body: request.body,
    }
    if (controls !== undefined && isControlPath(path)) return handleControl(controls, parsed)
    const time = request.time === undefined ? clock.now() : clock.shift(request.time)
    const target = parsed.headers["x-amz-target"]
    const delay = delays.take(target?.startsWith(Protocol.TARGET_PREFIX) ? target.slice(Protocol.TARGET_PREFIX.length) : undefined)
    if (delay > 0) await sleep(delay)
    return Protocol.handle(context, parsed, time)
  }
  const setCaller = (accessKeyId: string, caller: string | undefined): void => {
    const problem = caller === undefined ? undefined : callerProblem(caller)
    if (problem !== undefined) throw new ControlError(`setCaller: ${problem}`)
    if (caller === undefined) callers.delete(accessKeyId)
    else callers.set(accessKeyId, caller)
  }
  return Object.assign(handler, { credentials: accepted[0] ?? DEFAULT_CREDENTIALS, region, setCaller })
}
