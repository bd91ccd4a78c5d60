/**
 * A local CodePipeline: the in-memory CodePipeline served over HTTP with the real wire protocol
 * (awsJson1_1) and SigV4 authentication, so that any AWS client can use it: the official SDKs, the
 * AWS CLI, Terraform, or this SDK's live layer.
 *
 * ```ts
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 * import * as CodePipeline from "../services/CodePipeline.js"
 * import * as CodePipelineEmulator from "./CodePipelineEmulator.js"
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
 * over the operation table, as the client is. The request handling is the core's
 * (`@effect-codepipeline/core/Emulator`); the server and the state file are those of
 * `@effect-codepipeline/emulator`, an optional peer dependency that {@link layer} and {@link make}
 * need (`npm install --save-dev @effect-codepipeline/emulator`); {@link makeApp} does not.
 *
 * Time: executions progress on the `Clock` of the effect that builds the emulator, as seen by the
 * next request (see `CodePipelineInMemory`). Build it with the live clock (`it.live`,
 * `Effect.runPromise`) and short simulated durations (`inMemory: { actionDuration: "200 millis" }`).
 *
 * @since 0.1.0
 */
// Mirror of packages/effect3/src/testing/CodePipelineEmulator.ts: the same public layer over the emulator package's start(); Effect 3's Context.Tag, Clock and
// @effect/platform app against Effect 4's Context.Service, Clock and effect/http app.
import type * as CoreEmulator from "@effect-codepipeline/core/Emulator"
import type * as CoreControls from "@effect-codepipeline/core/EmulatorControls"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type { EndpointError } from "../errors/common.js"
import * as CodePipeline from "../services/CodePipeline.js"
import type { Service as CodePipelineService } from "../services/internal/codePipeline.js"
import * as CodePipelineInMemory from "./CodePipelineInMemory.js"
import type { Service as ControlsService } from "./Controls.js"
import { makeInMemory } from "./internal/codePipelineInMemory.js"
import { durationMillis } from "./internal/outcome.js"

/**
 * The credentials the emulator accepts unless told otherwise. They are test values, valid nowhere
 * else; pass them to any AWS client pointed at the emulator.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_CREDENTIALS: Credentials = {
  // The core's pair (`@effect-codepipeline/core/Emulator`), written here so that importing this
  // module loads neither the core's emulator nor its signer.
  accessKeyId: "AKIAEMULATOR00000000",
  secretAccessKey: "emulator/secret/access/key/EXAMPLEKEY000",
}

/**
 * A key pair the emulator accepts: `accessKeyId`, `secretAccessKey`, an optional `sessionToken`
 * that requests must then carry, and the `caller` ARN its requests act as (named in
 * `lastChangedBy`, an approval's `updatedBy` and the trigger details of executions its calls start;
 * default: the in-memory CodePipeline's `identity`). The core emulator's own type.
 *
 * @since 0.1.0
 * @category models
 */
export type Credentials = CoreEmulator.Credentials

/**
 * @since 0.1.0
 * @category models
 */
export interface AuthOptions {
  /** The key pairs accepted. Default: {@link DEFAULT_CREDENTIALS}. */
  readonly credentials?: ReadonlyArray<Credentials> | undefined
  /** How far a request's signing date may be from the server's clock. Default: 5 minutes, as AWS. */
  readonly maxSkew?: Duration.Input | undefined
}

/**
 * One answered request, for logs (the core emulator's `RequestLog`).
 *
 * @since 0.1.0
 * @category models
 */
export type RequestLog = CoreEmulator.RequestLog

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
  readonly saveInterval?: Duration.Input | undefined
  /**
   * Called when a save fails (periodic, or when the emulator stops without `stop`): until a save
   * succeeds, the state is not being kept. Default: logged with `Effect.logError`. The next save is
   * tried at the next interval.
   */
  readonly onSaveError?: ((error: EmulatorError) => void) | undefined
  /** Largest request body; larger ones get a 413 and a closed connection. Default: 1 MiB. */
  readonly maxBodySize?: number | undefined
  /** How long a client has to send a whole request; slower ones get a 408. Default: 30 seconds. */
  readonly requestTimeout?: Duration.Input | undefined
  /** Called after each response. */
  readonly onRequest?: ((entry: RequestLog) => void) | undefined
  /** The control API under `/_emulator/` (see {@link Service.controlApi}). Default: on. */
  readonly controls?: boolean | undefined
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
 * A control the emulator's control API refused (bad input, an action that is not running, a bad
 * signature), or could not be reached for (`status` 0).
 *
 * @since 0.1.0
 * @category errors
 */
export class ControlApiError extends Data.TaggedError("ControlApiError")<{
  readonly status: number
  readonly code: string
  readonly message: string
}> {}

/**
 * The emulator's control API (`/_emulator/`), called over HTTP with SigV4 as a test in any other
 * language calls it (the core's `EmulatorControls` client): one `Effect` per control, with the
 * same inputs and answers.
 *
 * @since 0.1.0
 * @category models
 */
export type ControlApi = {
  readonly [K in keyof CoreControls.Client]: (
    ...args: Parameters<CoreControls.Client[K]>
  ) => Effect.Effect<Awaited<ReturnType<CoreControls.Client[K]>>, ControlApiError>
}

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
  /** The same controls over HTTP, through its control API (with `controls: false`, each fails with a 404 `ControlApiError`). */
  readonly controlApi: ControlApi
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
export class Emulator extends Context.Service<Emulator, Service>()("effect-codepipeline/testing/Emulator") {}

/** The core's auth options from this module's (`maxSkew` as a `Duration`). */
const authOf = (auth: Options["auth"]): boolean | CoreEmulator.AuthOptions | undefined =>
  typeof auth === "object" ? { credentials: auth.credentials, maxSkewMs: durationMillis(auth.maxSkew) } : auth

/**
 * Starts an emulator in the scope: closing the scope stops it, closes its connections and saves
 * its state. It is `@effect-codepipeline/emulator`'s server and state file (loaded when an
 * emulator starts, so importing `effect-codepipeline/testing` stays cheap), serving the in-memory
 * CodePipeline on the `Clock` of the effect that builds it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, EmulatorError, Scope.Scope> =>
  Effect.gen(function* () {
    const Package = yield* Effect.tryPromise({
      try: () => import("@effect-codepipeline/emulator"),
      catch: (error) =>
        new EmulatorError({
          reason: "Listen",
          message: `CodePipelineEmulator.layer needs the optional peer dependency @effect-codepipeline/emulator (npm install --save-dev @effect-codepipeline/emulator): ${String((error as Error)?.message ?? error)}`,
        }),
    })
    const toError = (error: unknown): EmulatorError =>
      error instanceof Package.EmulatorError
        ? new EmulatorError({ reason: error.reason, message: error.message })
        : new EmulatorError({ reason: "Listen", message: String((error as Error)?.message ?? error) })
    const inMemoryOptions = options.inMemory ?? {}
    const clock = yield* Effect.clockWith(Effect.succeed)
    const { service, controls, simulator } = makeInMemory(inMemoryOptions, clock.currentTimeMillisUnsafe())
    // The builder's services (its logger), for a save that fails after the build.
    const context = yield* Effect.context<never>()
    const report = (error: EmulatorError): void => {
      if (options.onSaveError !== undefined) options.onSaveError(error)
      else Effect.runForkWith(context)(Effect.logError(error.message))
    }
    const onRequest = options.onRequest
    const running = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () =>
          Package.start({
            simulator,
            region: inMemoryOptions.region ?? "us-east-1",
            // Executions progress on the `Clock` of the effect that builds the emulator.
            now: () => clock.currentTimeMillisUnsafe(),
            host: options.host,
            port: options.port,
            auth: authOf(options.auth),
            state: options.state,
            saveIntervalMs: durationMillis(options.saveInterval),
            onSaveError: (error) => report(toError(error)),
            maxBodySize: options.maxBodySize,
            requestTimeoutMs: durationMillis(options.requestTimeout),
            onRequest: onRequest === undefined ? undefined : (entry) => onRequest(entry),
            controls: options.controls,
          }),
        catch: toError,
      }),
      // Stops serving, saves the state (a failure is reported), then releases the state file.
      (emulator) => Effect.promise(() => emulator.close()),
    )
    const saveState = Effect.tryPromise({ try: () => running.saveState(), catch: toError })
    const Controls = yield* Effect.promise(() => import("@effect-codepipeline/core/EmulatorControls"))
    const client = Controls.makeClient({
      endpoint: running.url,
      region: running.region,
      credentials: options.auth === false ? false : running.credentials,
    })
    const controlApi = Object.fromEntries(
      Object.entries(client).map(([name, method]) => [
        name,
        (...args: ReadonlyArray<unknown>) =>
          Effect.tryPromise({
            try: () => (method as (...a: ReadonlyArray<unknown>) => Promise<unknown>)(...args),
            catch: (error) =>
              error instanceof Controls.ControlApiError
                ? new ControlApiError({ status: error.status, code: error.code, message: error.message })
                : new ControlApiError({ status: 0, code: "NetworkError", message: String((error as Error)?.message ?? error) }),
          }),
      ]),
    ) as ControlApi
    return {
      url: running.url,
      host: running.host,
      port: running.port,
      region: running.region,
      credentials: running.credentials,
      service,
      controls,
      controlApi,
      setCaller: (accessKeyId, caller) => Effect.sync(() => running.setCaller(accessKeyId, caller)),
      saveState,
      stop: Effect.tryPromise({ try: () => running.stop(), catch: toError }),
    }
  })

/**
 * The emulator's protocol as an `effect/http` app (an `Effect` of the response, needing the
 * `HttpServerRequest`), with the in-memory CodePipeline behind it: serve it with any `HttpServer`,
 * or call it without a server through `HttpEffect.toWebHandler`. Body size limits and timeouts are then the hosting server's.
 *
 * @since 0.1.0
 * @category models
 */
export interface App {
  readonly app: Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest>
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
    // Loaded when an app is made: the signer stays out of `effect-codepipeline/testing`'s import.
    const Core = yield* Effect.promise(() => import("@effect-codepipeline/core/Emulator"))
    const region = options.inMemory?.region ?? "us-east-1"
    const { service, controls, simulator } = yield* Effect.clockWith((clock) =>
      Effect.sync(() => makeInMemory(options.inMemory ?? {}, clock.currentTimeMillisUnsafe())),
    )
    const handler = Core.makeHandler({ simulator, region, auth: authOf(options.auth) })
    const respond = (response: CoreEmulator.Response) => {
      const { "Content-Type": contentType, ...headers } = response.headers
      return HttpServerResponse.text(response.body, { status: response.status, headers, contentType: contentType ?? Core.CONTENT_TYPE })
    }
    const app: Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest> = Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const requestId = crypto.randomUUID()
      const body = yield* Effect.orElseSucceed(request.arrayBuffer, () => undefined)
      if (body === undefined)
        return respond(Core.errorResponse(requestId, 400, "SerializationException", "The request body could not be read"))
      // The simulation runs on the `Clock` of the effect that serves the request.
      const time = yield* Clock.currentTimeMillis
      const response = yield* Effect.promise(() =>
        handler({ requestId, method: request.method, path: request.url, headers: request.headers, body: new Uint8Array(body), time }),
      )
      return respond(response)
    })
    return { app, region, credentials: handler.credentials, service, controls }
  })

/**
 * An emulator for the layer's lifetime.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Emulator, EmulatorError> => Layer.effect(Emulator, make(options))

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
  Layer.unwrap(
    Effect.map(Effect.service(Emulator), (emulator) =>
      Layer.merge(
        CodePipeline.layer({ region: emulator.region, endpoint: emulator.url, credentials: emulator.credentials, ...options }),
        Layer.succeed(CodePipelineInMemory.Controls, emulator.controls),
      ),
    ),
  )
