/**
 * A local CodePipeline: the in-memory CodePipeline served over HTTP with the real wire protocol
 * (awsJson1_1) and SigV4 authentication, so that any AWS client can use it: the official SDKs, the
 * AWS CLI, Terraform, or this SDK's live layer.
 *
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { CodePipeline } from "effect-codepipeline"
 * import { CodePipelineEmulator } from "effect-codepipeline/testing"
 *
 * const program = Effect.gen(function* () {
 *   const emulator = yield* CodePipelineEmulator.Emulator
 *   console.log(`CodePipeline at ${emulator.url}`)
 *   return yield* CodePipeline.listPipelines()
 * })
 *
 * program.pipe(
 *   Effect.provide(CodePipelineEmulator.layerClient().pipe(Layer.provideMerge(CodePipelineEmulator.layer()))),
 * )
 * ```
 *
 * Every request is answered as AWS answers it: the operation named by `X-Amz-Target`, its input
 * decoded and validated with the operation's codec (generated from the model, in
 * `@effect-codepipeline/core`), run by the core's simulator, its output encoded with the codec,
 * errors with their status code, `__type`, `message` and `x-amzn-ErrorType`, and an
 * `x-amzn-RequestId` on every response. Nothing is written per operation: the server is generic
 * over the operation table, as the client is.
 *
 * Time: executions progress on the `Clock` of the effect that builds the emulator, as seen by the
 * next request (see `CodePipelineInMemory`). Build it with the live clock (`it.live`,
 * `Effect.runPromise`) and short simulated durations (`inMemory: { actionDuration: "200 millis" }`).
 *
 * @since 0.1.0
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import type { EndpointError } from "../errors/common.js"
import * as CodePipeline from "../services/CodePipeline.js"
import type { Service as CodePipelineService } from "../services/internal/service.js"
import * as CodePipelineInMemory from "./CodePipelineInMemory.js"
import type { Service as ControlsService } from "./Controls.js"
import type { Response } from "./internal/emulator/protocol.js"
import { makeInMemory } from "./internal/inMemory.js"

/**
 * The credentials the emulator accepts unless told otherwise. They are test values, valid nowhere
 * else; pass them to any AWS client pointed at the emulator.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_CREDENTIALS: Credentials = {
  accessKeyId: "AKIAEMULATOR00000000",
  secretAccessKey: "emulator/secret/access/key/EXAMPLEKEY000",
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  /** When set, requests must carry it (`X-Amz-Security-Token`), as temporary credentials do. */
  readonly sessionToken?: string | undefined
  /**
   * The ARN of whoever signs with this key (`arn:aws:iam::123456789012:user/alice`): named in
   * `lastChangedBy`, an approval's `updatedBy` and the trigger details of executions its calls
   * start. Default: the in-memory CodePipeline's `identity`.
   */
  readonly caller?: string | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface AuthOptions {
  /** The key pairs accepted. Default: {@link DEFAULT_CREDENTIALS}. */
  readonly credentials?: ReadonlyArray<Credentials> | undefined
  /** How far a request's signing date may be from the server's clock. Default: 5 minutes, as AWS. */
  readonly maxSkew?: Duration.DurationInput | undefined
}

/**
 * One answered request, for logs.
 *
 * @since 0.1.0
 * @category models
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
 * @category models
 */
export interface Options {
  /** The interface to listen on. Default: `127.0.0.1`. */
  readonly host?: string | undefined
  /** The port. Default: `0`, a free port (read it from `port` or `url`). */
  readonly port?: number | undefined
  /** SigV4 authentication: `false` turns it off. Default: on, with {@link DEFAULT_CREDENTIALS}. */
  readonly auth?: boolean | AuthOptions | undefined
  /** The in-memory CodePipeline's options (region, account, simulated durations, simulator, ...). */
  readonly inMemory?: CodePipelineInMemory.Options | undefined
  /**
   * A state file: pipelines (with every version), custom action types, registered action types,
   * webhooks and tags are loaded from it on start, and saved to it periodically and when the
   * emulator stops. A missing or empty file is a new state; a corrupt one fails with `EmulatorError`.
   * The file is locked while the emulator runs (`<file>.lock`): a second emulator on it fails to
   * start. A symbolic link is followed: the state is written to its target.
   */
  readonly state?: string | undefined
  /** How often the state is saved, when it changed. Default: 30 seconds. */
  readonly saveInterval?: Duration.DurationInput | undefined
  /**
   * Called when a save fails (periodic, or when the emulator stops without `stop`): until a save
   * succeeds, the state is not being kept. Default: logged with `Effect.logError`. The next save is
   * tried at the next interval.
   */
  readonly onSaveError?: ((error: EmulatorError) => void) | undefined
  /** Largest request body; larger ones get a 413 and a closed connection. Default: 1 MiB. */
  readonly maxBodySize?: number | undefined
  /** How long a client has to send a whole request; slower ones get a 408. Default: 30 seconds. */
  readonly requestTimeout?: Duration.DurationInput | undefined
  /** Called after each response. */
  readonly onRequest?: ((entry: RequestLog) => void) | undefined
}

/**
 * The emulator failed to start (the port is taken, the state file is corrupt) or to save its state.
 *
 * @since 0.1.0
 * @category errors
 */
export class EmulatorError extends Data.TaggedError("EmulatorError")<{
  readonly reason: "Listen" | "State"
  readonly message: string
}> {}

/**
 * A running emulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The endpoint, for example `http://127.0.0.1:40123`. */
  readonly url: string
  readonly host: string
  readonly port: number
  /** The region it serves (the in-memory CodePipeline's); requests must be signed for it. */
  readonly region: string
  /** Credentials it accepts (the first configured pair). */
  readonly credentials: Credentials
  /** The in-memory CodePipeline behind it, for direct calls. */
  readonly service: CodePipelineService
  /** Its test controls: seeding, completing actions, fault injection, recorded calls. */
  readonly controls: ControlsService
  /**
   * Names the caller of the requests signed with an access key from now on (`undefined`: the
   * in-memory CodePipeline's `identity`), as {@link Credentials.caller} does at start.
   */
  readonly setCaller: (accessKeyId: string, caller: string | undefined) => Effect.Effect<void>
  /** Saves the state file now, if anything changed since the last save (nothing without `state`). */
  readonly saveState: Effect.Effect<void, EmulatorError>
  /** Stops serving (closing every connection) and saves the state; closing the scope does the same. */
  readonly stop: Effect.Effect<void, EmulatorError>
}

/**
 * The tag of a running emulator, provided by {@link layer}.
 *
 * @since 0.1.0
 * @category tags
 */
export class Emulator extends Context.Tag("effect-codepipeline/testing/Emulator")<Emulator, Service>() {}

const urlHost = (host: string): string => {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1"
  if (host === "::") return "[::1]"
  return host.includes(":") ? `[${host}]` : host
}

const millis = (input: Duration.DurationInput | undefined, fallback: number): number =>
  input === undefined ? fallback : Duration.toMillis(Duration.decode(input))

const authOf = (
  auth: Options["auth"],
  region: string,
  Verifier: typeof import("./internal/emulator/auth.js").Verifier,
): {
  readonly verifier: import("./internal/emulator/auth.js").Verifier | undefined
  readonly credentials: Credentials
  readonly callers: Map<string, string>
} => {
  const authOptions: AuthOptions = typeof auth === "object" ? auth : {}
  const credentials = authOptions.credentials ?? [DEFAULT_CREDENTIALS]
  const callers = new Map<string, string>()
  for (const c of credentials) if (c.caller !== undefined) callers.set(c.accessKeyId, c.caller)
  return {
    callers,
    credentials: credentials[0] ?? DEFAULT_CREDENTIALS,
    verifier:
      auth === false
        ? undefined
        : new Verifier({ credentials, region, service: "codepipeline", maxSkewMs: millis(authOptions.maxSkew, 5 * 60_000) }),
  }
}

/**
 * Starts an emulator in the scope: closing the scope stops it, closes its connections and saves
 * its state.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, EmulatorError, Scope.Scope> =>
  Effect.gen(function* () {
    // Node's http, fs and crypto, and the signer, are loaded when an emulator starts: importing
    // `effect-codepipeline/testing` stays cheap, and possible where Node's modules are not.
    const [{ Verifier }, { listen, ListenError }, { handle }, { openStateFile, StateFileError }] = yield* Effect.promise(() =>
      Promise.all([
        import("./internal/emulator/auth.js"),
        import("./internal/emulator/http.js"),
        import("./internal/emulator/protocol.js"),
        import("./internal/emulator/stateFile.js"),
      ]),
    )
    const inMemoryOptions = options.inMemory ?? {}
    const region = inMemoryOptions.region ?? "us-east-1"
    const { service, controls, simulator } = yield* Effect.clockWith((clock) => Effect.sync(() => makeInMemory(inMemoryOptions, clock.unsafeCurrentTimeMillis())))

    // State: loaded before the server listens, so no request sees an empty CodePipeline.
    const file = options.state
    const stateError = (error: unknown) =>
      new EmulatorError({ reason: "State", message: error instanceof StateFileError ? error.message : String((error as Error)?.message ?? error) })
    const report = (error: EmulatorError): Effect.Effect<void> =>
      options.onSaveError !== undefined ? Effect.sync(() => options.onSaveError!(error)) : Effect.logError(error.message)
    // Released last: the lock is held until the final save is done.
    const stateFile =
      file === undefined
        ? undefined
        : yield* Effect.acquireRelease(Effect.tryPromise({ try: () => openStateFile(file), catch: stateError }), (opened) =>
            Effect.promise(() => opened.close()),
          )
    // The store's revision when the file last matched it: an unchanged revision is not rendered.
    let savedRevision = -1
    const lock = yield* Effect.makeSemaphore(1)
    const saveState: Effect.Effect<void, EmulatorError> =
      stateFile === undefined
        ? Effect.void
        : lock.withPermits(1)(
            Effect.suspend(() => {
              const revision = simulator.revision
              if (revision === savedRevision) return Effect.void
              // Taken in one synchronous step: the snapshot is the state at `revision`, and holds
              // only frozen declarations and fresh arrays, so it stays so while it is written.
              const snapshot = simulator.exportState()
              // A save under way finishes even when the emulator stops: the final save comes after.
              return Effect.uninterruptible(
                Effect.tryPromise({ try: () => stateFile.write(snapshot, new Date()), catch: stateError }).pipe(
                  Effect.tap(() => {
                    savedRevision = revision
                  }),
                ),
              )
            }),
          )
    if (stateFile !== undefined) {
      const snapshot = yield* Effect.tryPromise({ try: () => stateFile.read(), catch: stateError })
      if (snapshot !== undefined) {
        yield* Effect.try({
          try: () => simulator.importState(snapshot),
          catch: (e) => new EmulatorError({ reason: "State", message: `the state file ${file}: ${(e as Error).message}` }),
        })
        // What was read is what is saved: an unchanged state is not rewritten.
        savedRevision = simulator.revision
      } else {
        // Writing at once proves the file writable now, not when the state is about to be lost.
        yield* saveState
      }
    }

    const { verifier, credentials, callers } = authOf(options.auth, region, Verifier)
    const callerOf = (accessKeyId: string) => callers.get(accessKeyId)

    const onRequest = options.onRequest
    const server = yield* listen(
      {
        host: options.host ?? "127.0.0.1",
        port: options.port ?? 0,
        maxBodySize: options.maxBodySize ?? 1024 * 1024,
        requestTimeoutMs: millis(options.requestTimeout, 30_000),
        onResponse:
          onRequest === undefined
            ? undefined
            : (request, response: Response, ms) =>
                onRequest({
                  requestId: request.requestId,
                  method: request.method,
                  operation: response.operation,
                  status: response.status,
                  code: response.code,
                  durationMs: ms,
                }),
      },
      (request) => handle({ simulator, verifier, callerOf }, request),
    ).pipe(Effect.mapError((e) => new EmulatorError({ reason: "Listen", message: e instanceof ListenError ? e.message : String(e) })))

    // Saved when the server has stopped (nothing changes any more), then periodically before that.
    yield* Effect.addFinalizer(() => Effect.catchAll(saveState, report))
    if (stateFile !== undefined) {
      const interval = Duration.millis(millis(options.saveInterval, 30_000))
      yield* Effect.forkScoped(Effect.repeat(Effect.catchAll(Effect.delay(saveState, interval), report), Schedule.forever))
    }
    // Registered last, so it runs first when the scope closes.
    yield* Effect.addFinalizer(() => server.close)

    const host = options.host ?? "127.0.0.1"
    return {
      url: `http://${urlHost(host)}:${server.port}`,
      host,
      port: server.port,
      region,
      credentials,
      service,
      controls,
      setCaller: (accessKeyId, caller) =>
        Effect.sync(() => {
          if (caller === undefined) callers.delete(accessKeyId)
          else callers.set(accessKeyId, caller)
        }),
      saveState,
      stop: Effect.zipRight(server.close, saveState),
    }
  })

/**
 * The emulator's protocol as an `@effect/platform` `HttpApp`, with the in-memory CodePipeline behind
 * it: serve it with any `HttpServer` (Node, Bun, Deno), or call it without a server through
 * `HttpApp.toWebHandler`. Body size limits and timeouts are then the hosting server's.
 *
 * @since 0.1.0
 * @category models
 */
export interface App {
  readonly app: HttpApp.Default<never, HttpServerRequest.HttpServerRequest>
  readonly region: string
  readonly credentials: Credentials
  readonly service: CodePipelineService
  readonly controls: ControlsService
}

/**
 * Builds the emulator's {@link App}: the same protocol, authentication and in-memory CodePipeline
 * as {@link make}, without a server of its own.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeApp = (options: Pick<Options, "auth" | "inMemory"> = {}): Effect.Effect<App> =>
  Effect.gen(function* () {
    const [{ Verifier }, { handle }] = yield* Effect.promise(() =>
      Promise.all([import("./internal/emulator/auth.js"), import("./internal/emulator/protocol.js")]),
    )
    const region = options.inMemory?.region ?? "us-east-1"
    const { service, controls, simulator } = yield* Effect.clockWith((clock) =>
      Effect.sync(() => makeInMemory(options.inMemory ?? {}, clock.unsafeCurrentTimeMillis())),
    )
    const { verifier, credentials, callers } = authOf(options.auth, region, Verifier)
    const callerOf = (accessKeyId: string) => callers.get(accessKeyId)
    const app: HttpApp.Default<never, HttpServerRequest.HttpServerRequest> = Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const requestId = crypto.randomUUID()
      const body = yield* Effect.orElseSucceed(request.arrayBuffer, () => undefined)
      if (body === undefined) {
        return HttpServerResponse.text(JSON.stringify({ __type: "SerializationException", message: "The request body could not be read" }), {
          status: 400,
          headers: { "x-amzn-RequestId": requestId, "x-amzn-ErrorType": "SerializationException" },
          contentType: "application/x-amz-json-1.1",
        })
      }
      const url = new URL(request.url, "http://emulator")
      const query: Record<string, string | Array<string>> = {}
      for (const [key, value] of url.searchParams) {
        const existing = query[key]
        query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
      }
      const response = yield* handle(
        { simulator, verifier, callerOf },
        { requestId, method: request.method, path: url.pathname, query, headers: request.headers, body: new Uint8Array(body) },
      )
      const { "Content-Type": contentType, ...headers } = response.headers
      return HttpServerResponse.text(response.body, { status: response.status, headers, contentType: contentType ?? "application/x-amz-json-1.1" })
    })
    return { app, region, credentials, service, controls }
  })

/**
 * An emulator for the layer's lifetime.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Emulator, EmulatorError> => Layer.scoped(Emulator, make(options))

/**
 * This SDK's live client pointed at the emulator (its URL, region and credentials), with the
 * in-memory controls: a program tested with it goes through the real protocol, signing and
 * transport. `options` override the client's (retries, timeouts, ...).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerClient = (
  options: Partial<CodePipeline.Options> = {},
): Layer.Layer<CodePipeline.CodePipeline | CodePipelineInMemory.Controls, EndpointError, Emulator> =>
  Layer.unwrapEffect(
    Effect.map(Emulator, (emulator) =>
      Layer.merge(
        CodePipeline.layer({ region: emulator.region, endpoint: emulator.url, credentials: emulator.credentials, ...options }),
        Layer.succeed(CodePipelineInMemory.Controls, emulator.controls),
      ),
    ),
  )
