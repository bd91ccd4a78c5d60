/**
 * The `CodePipeline` service: every CodePipeline operation as an `Effect`, with an error channel
 * that is exactly what the operation can fail with.
 *
 * ```ts
 * import { Effect } from "effect"
 * import { CodePipeline } from "effect-codepipeline"
 *
 * const program = CodePipeline.getPipelineState({ name: "release" }).pipe(
 *   Effect.catchTag("PipelineNotFoundException", () => Effect.succeed(undefined)),
 * )
 * program.pipe(Effect.provide(CodePipeline.layer({ region: "eu-west-1" })))
 * ```
 *
 * @since 0.1.0
 */
// Mirror of src/services/CodePipeline.ts: the same public service and layers, built from each Effect's Context,
// Layer and HTTP modules.
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Live from "#live"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import type * as Credentials from "./Credentials.js"
import type { EndpointError } from "../errors/common.js"
import { CodePipeline, type Service } from "./internal/codePipeline.js"
import type { Methods } from "./operations.js"
import { operations } from "./operations.js"
import type { RetryOption } from "./Retry.js"
import type { Transport } from "./Transport.js"

export {
  /**
   * The service tag. Programs that call operations require it; a layer provides it.
   *
   * @since 0.1.0
   * @category tags
   */
  CodePipeline,
  /**
   * @since 0.1.0
   * @category models
   */
  type Service,
}

export * from "./operations.js"

/**
 * Options of the live client.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The AWS region, for example `eu-west-1`. */
  readonly region: string
  /**
   * Static credentials, any Smithy credential provider, or an `Effect`. Default: the standard AWS
   * chain (environment, shared config and credentials files with profiles, SSO, web identity,
   * container and instance metadata), loaded only when needed.
   */
  readonly credentials?: Credentials.CredentialsInput | undefined
  /** The profile the default chain reads (default: `AWS_PROFILE`, then `default`). */
  readonly profile?: string | undefined
  /** A custom endpoint, for example a local emulator (`http://127.0.0.1:4566`). */
  readonly endpoint?: string | undefined
  readonly useFips?: boolean | undefined
  readonly useDualStack?: boolean | undefined
  /** Retry policy. Default: the standard mode with 3 attempts (see `Retry`). */
  readonly retry?: RetryOption | undefined
  /** The longest one attempt may take. Default: 60 seconds. */
  readonly attemptTimeout?: Duration.DurationInput | undefined
  /** The longest a whole call may take, retries and backoff included. Default: none. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Most connections open at once (Node transport; not applied to your own `httpsAgent`). Default: unlimited. */
  readonly maxSockets?: number | undefined
  /**
   * Node's `https.Agent` to connect with (`layer` and `layerConfig`): for a private CA (`ca`), a
   * client certificate, or an agent that proxies by itself. Used as it is, and left open when the
   * layer closes. Through a proxy (see `proxy`), the tunnel uses its options (`ca`, `cert`, `key`,
   * `rejectUnauthorized`, ...). Typed loosely, so that these types need no `@types/node`.
   */
  readonly httpsAgent?: NodeAgent | undefined
  /** Node's `http.Agent` for a plain-http endpoint (`layer` and `layerConfig`), as `httpsAgent`. */
  readonly httpAgent?: NodeAgent | undefined
  /**
   * An HTTP proxy for every request (`http://user:password@proxy:3128`; `https://` for TLS to the
   * proxy), or `false` for none (`layer` and `layerConfig`). Default: the `HTTPS_PROXY`,
   * `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` variables (lower-case too), read when the layer is
   * built. `NO_PROXY` applies in both cases.
   */
  readonly proxy?: string | false | undefined
  /** Appended to the `user-agent` header. */
  readonly userAgent?: string | undefined
}

/**
 * A `node:http` or `node:https` `Agent`, typed by the one member this package reads, so that these
 * declarations do not need `@types/node`. Pass an `http.Agent` or `https.Agent`.
 *
 * @since 0.1.0
 * @category models
 */
export interface NodeAgent {
  readonly options?: object | undefined
}

/**
 * Builds the live service over the given transport.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeWithTransport = (options: Options, transport: Transport): Effect.Effect<Service, EndpointError> =>
  Live.makeWithTransport(options, transport)

/**
 * Builds the live service on Node's `http`/`https` with a pooled keep-alive agent. Closing the
 * scope closes its connections.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service, EndpointError, Scope.Scope> => Live.make(options)

/**
 * The live CodePipeline on Node. Needs no other layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<CodePipeline, EndpointError> => Layer.scoped(CodePipeline, make(options))

/**
 * The live CodePipeline over the `HttpClient` the program provides: `fetch` in browsers and edge
 * runtimes, or an instrumented client.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient = (options: Options): Layer.Layer<CodePipeline, EndpointError, HttpClient.HttpClient> =>
  Layer.effect(CodePipeline, Live.makeOverHttpClient(options))

const optional = <A>(config: Config.Config<A>) => Config.option(config).pipe(Config.map(Option.getOrUndefined))

/**
 * Options read from the environment the way AWS SDKs read them: `AWS_REGION` (or
 * `AWS_DEFAULT_REGION`), `AWS_PROFILE`, `AWS_ENDPOINT_URL_CODEPIPELINE` (or `AWS_ENDPOINT_URL`),
 * `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT` and `AWS_MAX_ATTEMPTS`, through Effect's
 * `Config`, so a `ConfigProvider` can supply them. `region` is absent when neither variable is set.
 *
 * @since 0.1.0
 * @category config
 */
export const optionsFromConfig: Config.Config<Partial<Options>> = /*#__PURE__*/ Config.suspend(() =>
  // One pure call: bundlers then drop this, and Effect's `Config` modules, from programs that never
  // read it (a module-level `Config.all(...)` would count as a side effect and stay).
  Config.all({
    region: optional(Config.string("AWS_REGION").pipe(Config.orElse(() => Config.string("AWS_DEFAULT_REGION")))),
    profile: optional(Config.string("AWS_PROFILE")),
    endpoint: optional(Config.string("AWS_ENDPOINT_URL_CODEPIPELINE").pipe(Config.orElse(() => Config.string("AWS_ENDPOINT_URL")))),
    useFips: optional(Config.boolean("AWS_USE_FIPS_ENDPOINT")),
    useDualStack: optional(Config.boolean("AWS_USE_DUALSTACK_ENDPOINT")),
    maxAttempts: optional(Config.integer("AWS_MAX_ATTEMPTS")),
  }).pipe(
    Config.map(({ maxAttempts, ...rest }): Partial<Options> => {
      const options: Record<string, unknown> = maxAttempts !== undefined ? { retry: { maxAttempts } } : {}
      for (const [key, value] of Object.entries(rest)) if (value !== undefined) options[key] = value
      return options as Partial<Options>
    }),
  ),
)

/** The `region` of a profile in the shared config file (`~/.aws/config` or `AWS_CONFIG_FILE`). */
const profileRegion = (profile: string | undefined): Effect.Effect<string | undefined> =>
  Effect.promise(() =>
    import("@smithy/core/config").then(
      ({ loadSharedConfigFiles }) =>
        loadSharedConfigFiles({ ignoreCache: true }).then(
          ({ configFile }) => configFile[profile ?? "default"]?.["region"],
          () => undefined,
        ),
      () => undefined,
    ),
  )

/**
 * The live CodePipeline configured from the environment (see {@link optionsFromConfig}), with
 * the region falling back to the profile's in the shared config file, as AWS SDKs do. `options`
 * override what the environment says.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (options: Partial<Options> = {}): Layer.Layer<CodePipeline, EndpointError | ConfigError.ConfigError> =>
  Layer.scoped(
    CodePipeline,
    Effect.gen(function* () {
      const merged = { ...(yield* optionsFromConfig), ...options }
      const region = merged.region ?? (yield* profileRegion(merged.profile))
      if (region === undefined) {
        return yield* Effect.fail(
          ConfigError.MissingData(
            ["AWS_REGION"],
            `No AWS region: set AWS_REGION, AWS_DEFAULT_REGION, a region in the ${merged.profile ?? "default"} profile, or the region option`,
          ),
        )
      }
      return yield* make({ ...merged, region })
    }),
  )

/**
 * A `CodePipeline` service from an implementation of every operation: how the in-memory
 * CodePipeline and the stub are built, and how a program can supply its own.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromMethods = (methods: Methods): Service => ({
  execute: (operation, input) => (methods as any)[operation.method](input),
})

/**
 * The service as an object with one method per operation, for programs that prefer
 * `client.getPipelineState(...)` to the module functions. It references every operation, so it
 * keeps all of them in a bundle.
 *
 * @since 0.1.0
 * @category accessors
 */
export const client: Effect.Effect<Methods, never, CodePipeline> = /*#__PURE__*/ Effect.map(CodePipeline, (service) => {
  const methods: Record<string, (input: unknown) => unknown> = {}
  for (const operation of Object.values(operations)) {
    methods[operation.method] = (input = {}) => service.execute(operation as any, input)
  }
  return methods as unknown as Methods
})
