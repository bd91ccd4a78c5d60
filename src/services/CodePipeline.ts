/**
 * The `CodePipeline` service: every CodePipeline operation as an `Effect`, with an error channel
 * that is exactly what the operation can fail with.
 *
 * ```ts
 * import * as Effect from "effect/Effect"
 * import * as CodePipeline from "./CodePipeline.js"
 *
 * const program = CodePipeline.getPipelineState({ name: "release" }).pipe(
 *   Effect.catchTag("PipelineNotFoundException", () => Effect.succeed(undefined)),
 * )
 * program.pipe(Effect.provide(CodePipeline.layer({ region: "eu-west-1" })))
 * ```
 *
 * @since 0.1.0
 */
// Mirror of packages/effect3/src/services/CodePipeline.ts: the same public service and layers, built from each Effect's Context, Layer and HTTP modules.
import * as Live from "#live"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import type { EndpointError } from "../errors/common.js"
import type * as Credentials from "./Credentials.js"
import { CodePipeline, type Service } from "./internal/codePipeline.js"
import type { Methods } from "./operations.js"
import { operations } from "./operations.js"
import type { RetryOption } from "./Retry.js"
import type { Transport } from "./Transport.js"

export {
  /**
   * The service. Programs that call operations require it; a layer provides it.
   *
   * @since 0.1.0
   * @category services
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
   * Static credentials, a provider of `Credentials`, or an `Effect`. Default: the standard AWS
   * chain, loaded only when needed. Fetched credentials are cached until shortly before they expire.
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
  readonly attemptTimeout?: Duration.Input | undefined
  /** The longest a whole call may take, retries and backoff included. Default: none. */
  readonly timeout?: Duration.Input | undefined
  /** Most connections open at once (`layer`'s Node transport; not applied to your own `httpsAgent`). Default: unlimited. */
  readonly maxSockets?: number | undefined
  /**
   * Node's `https.Agent` to connect with (`layer`): for a private CA (`ca`), a client certificate,
   * or an agent that proxies by itself. Used as it is, and left open when the layer closes. Through
   * a proxy (see `proxy`), the tunnel uses its TLS options. Typed loosely, so that these types need
   * no `@types/node`.
   */
  readonly httpsAgent?: NodeAgent | undefined
  /** Node's `http.Agent` for a plain-http endpoint (`layer`), as `httpsAgent`. */
  readonly httpAgent?: NodeAgent | undefined
  /**
   * An HTTP proxy for every request (`http://user:password@proxy:3128`), or `false` for none
   * (`layer`). Default: the `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` variables,
   * read when the layer is built.
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
export const layer = (options: Options): Layer.Layer<CodePipeline, EndpointError> => Layer.effect(CodePipeline, make(options))

/**
 * The live CodePipeline over the `HttpClient` the program provides (`effect/http/HttpClient`):
 * `fetch` in browsers and edge runtimes, or an instrumented client.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient = (options: Options): Layer.Layer<CodePipeline, EndpointError, HttpClient.HttpClient> =>
  Layer.effect(CodePipeline, Live.makeOverHttpClient(options))

const optional = <A>(config: Config.Config<A>) => Config.map(Config.option(config), Option.getOrUndefined)

/**
 * Options read from the environment the way AWS SDKs read them: `AWS_REGION` (or
 * `AWS_DEFAULT_REGION`), `AWS_PROFILE`, `AWS_ENDPOINT_URL_CODEPIPELINE` (or `AWS_ENDPOINT_URL`),
 * `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT` and `AWS_MAX_ATTEMPTS`, through Effect's
 * `Config`, so a `ConfigProvider` can supply them. `region` is absent when neither variable is set.
 *
 * @since 0.1.0
 * @category config
 */
export const optionsFromConfig: Config.Config<Partial<Options>> = /*#__PURE__*/ lazyConfigOptions()

// Built when first read, not at import: the six `Config`s and their schemas took 1.1–1.2 ms, a
// fifteenth of importing the package after `effect` (2026-12-05, Node 24); wrapping them costs
// 0.03 ms. The Effect 3 flavor does the same with `Config.suspend`, which Effect 4's `Config` lacks.
// A call of a function marked free of side effects, rather than a pure-annotated expression: esbuild
// drops an unused pure call but keeps its arguments' calls, and those kept `Config`,
// `ConfigProvider` and what they use in the bundle of a program that never reads options from the
// environment: 3.3 KB gzip of the one-operation headline (bench/effect4/bundle/app-one.ts,
// 2026-12-05).
/* @__NO_SIDE_EFFECTS__ */
function lazyConfigOptions(): Config.Config<Partial<Options>> {
  let built: Config.Config<Partial<Options>> | undefined
  return Config.flatMap(Config.succeed(undefined), () => (built ??= configOptions()))
}

function configOptions(): Config.Config<Partial<Options>> {
  return Config.map(
    Config.all({
      region: optional(Config.String("AWS_REGION").pipe(Config.orElse(() => Config.String("AWS_DEFAULT_REGION")))),
      profile: optional(Config.String("AWS_PROFILE")),
      endpoint: optional(Config.String("AWS_ENDPOINT_URL_CODEPIPELINE").pipe(Config.orElse(() => Config.String("AWS_ENDPOINT_URL")))),
      useFips: optional(Config.Boolean("AWS_USE_FIPS_ENDPOINT")),
      useDualStack: optional(Config.Boolean("AWS_USE_DUALSTACK_ENDPOINT")),
      maxAttempts: optional(Config.Int("AWS_MAX_ATTEMPTS")),
    }),
    ({ maxAttempts, ...rest }): Partial<Options> => {
      const options: Record<string, unknown> = maxAttempts !== undefined ? { retry: { maxAttempts } } : {}
      for (const [key, value] of Object.entries(rest)) if (value !== undefined) options[key] = value
      return options as Partial<Options>
    },
  )
}

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
 * The live CodePipeline configured from the environment (see {@link optionsFromConfig}), with the
 * region falling back to the profile's in the shared config file, as AWS SDKs do. `options`
 * override what the environment says.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (options: Partial<Options> = {}): Layer.Layer<CodePipeline, EndpointError | Config.ConfigError> =>
  Layer.effect(
    CodePipeline,
    Effect.gen(function* () {
      const merged = { ...(yield* optionsFromConfig), ...options }
      const region = merged.region ?? (yield* profileRegion(merged.profile))
      if (region === undefined) {
        return yield* Effect.fail(
          new Config.ConfigError(
            new ConfigProvider.SourceError({
              message: `No AWS region: set AWS_REGION, AWS_DEFAULT_REGION, a region in the ${merged.profile ?? "default"} profile, or the region option`,
            }),
          ),
        )
      }
      return yield* make({ ...merged, region })
    }),
  )

/**
 * A `CodePipeline` service from an implementation of every operation.
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
