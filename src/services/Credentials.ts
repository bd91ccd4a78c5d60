/**
 * AWS credentials for the live client. Secrets are held as `Redacted` values, so they print as
 * `<redacted>` in logs, errors and traces; the client reveals them only to sign.
 *
 * @since 0.1.0
 */
// Mirror of packages/effect3/src/services/Credentials.ts: the same public providers, over each Effect's Config, Redacted and caching primitives (Deferred
// in 3, Semaphore in 4); the effect-free parts (messages, default chain) are the core's Credentials.
import * as CoreCredentials from "@effect-codepipeline/core/Credentials"
import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Semaphore from "effect/Semaphore"
import { CredentialsError } from "../errors/common.js"

/**
 * Resolved AWS credentials.
 *
 * @since 0.1.0
 * @category models
 */
export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken?: Redacted.Redacted<string> | undefined
  readonly expiration?: Date | undefined
}

/**
 * Credentials as a program holds them: the secrets as plain strings or `Redacted` values.
 *
 * @since 0.1.0
 * @category models
 */
export interface StaticCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string | Redacted.Redacted<string>
  readonly sessionToken?: string | Redacted.Redacted<string> | undefined
  readonly expiration?: Date | undefined
}

/**
 * A source of credentials. `get` resolves them anew on every run unless the provider is
 * {@link cached}.
 *
 * @since 0.1.0
 * @category models
 */
export interface CredentialsProvider {
  readonly get: Effect.Effect<AwsCredentials, CredentialsError>
  /**
   * The credentials `get` would return at `now` (epoch milliseconds) when they are at hand without
   * any work, otherwise `undefined`. Optional; {@link cached} providers have it, so that the client
   * can sign without running an effect when nothing needs fetching.
   */
  readonly unsafeCurrent?: ((now: number) => AwsCredentials | undefined) | undefined
}

/**
 * A Smithy credential provider (`AwsCredentialIdentityProvider`, as `@aws-sdk/credential-providers`
 * makes them), typed by what this package reads of it.
 *
 * @since 0.1.0
 * @category models
 */
export type IdentityProvider = () => Promise<{
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string | undefined
  readonly expiration?: Date | undefined
}>

/**
 * Everything the client accepts as its `credentials` option: static credentials, a provider of
 * this module, any Smithy credential provider, or an `Effect`.
 *
 * @since 0.1.0
 * @category models
 */
export type CredentialsInput = StaticCredentials | CredentialsProvider | IdentityProvider | Effect.Effect<AwsCredentials, CredentialsError>

/**
 * Options of the AWS default chain.
 *
 * @since 0.1.0
 * @category models
 */
export interface DefaultChainOptions {
  /** The shared config/credentials profile to use instead of `AWS_PROFILE` / `default`. */
  readonly profile?: string | undefined
}

// Messages of failures to load credentials, never containing a secret: the core's.
const credentialsError = (provider: string, reason: string, secrets?: ReadonlyArray<string | undefined>) =>
  new CredentialsError({ message: CoreCredentials.failureMessage(provider, reason, secrets) })

const redact = (value: string | Redacted.Redacted<string>): Redacted.Redacted<string> =>
  Redacted.isRedacted(value) ? value : Redacted.make(value)

const validate = (provider: string, credentials: StaticCredentials): Effect.Effect<AwsCredentials, CredentialsError> => {
  if (typeof credentials.accessKeyId !== "string" || credentials.accessKeyId === "") {
    return Effect.fail(credentialsError(provider, "the accessKeyId is missing or empty"))
  }
  // Guards callers from plain JavaScript, who may pass no secret at all.
  const secret: unknown = credentials.secretAccessKey
  const secretAccessKey =
    typeof secret === "string" || Redacted.isRedacted(secret) ? redact(secret as string | Redacted.Redacted<string>) : undefined
  if (secretAccessKey === undefined || Redacted.value(secretAccessKey) === "") {
    return Effect.fail(credentialsError(provider, "the secretAccessKey is missing or empty"))
  }
  const expiration = credentials.expiration
  if (expiration !== undefined && !(expiration instanceof Date && !Number.isNaN(expiration.getTime()))) {
    return Effect.fail(credentialsError(provider, "the expiration is not a valid Date"))
  }
  const sessionToken =
    credentials.sessionToken === undefined || credentials.sessionToken === "" ? undefined : redact(credentials.sessionToken)
  return Effect.succeed({
    accessKeyId: credentials.accessKeyId,
    secretAccessKey,
    ...(sessionToken !== undefined && Redacted.value(sessionToken) !== "" ? { sessionToken } : {}),
    ...(expiration !== undefined ? { expiration } : {}),
  })
}

/**
 * Fixed credentials. Fails with a `CredentialsError` if the access key id or secret is empty.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromStatic = (credentials: StaticCredentials): CredentialsProvider => ({
  get: validate("static credentials", credentials),
})

const optionalString = (name: string) => Config.option(Config.String(name))
const optionalSecret = (name: string) => Config.option(Config.Redacted(name))
/** The value of a variable that is set and not empty. */
const present = <A extends string | Redacted.Redacted<string>>(option: Option.Option<A>): A | undefined =>
  Option.isSome(option) && (Redacted.isRedacted(option.value) ? Redacted.value(option.value) : option.value) !== ""
    ? option.value
    : undefined

/**
 * Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional `AWS_SESSION_TOKEN`
 * and `AWS_CREDENTIAL_EXPIRATION` (ISO-8601), read through `Config`, so the current
 * `ConfigProvider` supplies them. Fails with a `CredentialsError` naming the variables that are
 * missing or empty.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromEnv: CredentialsProvider = {
  get: /*#__PURE__*/ Effect.gen(function* () {
    const vars = yield* Config.all({
      accessKeyId: optionalString("AWS_ACCESS_KEY_ID"),
      secretAccessKey: optionalSecret("AWS_SECRET_ACCESS_KEY"),
      sessionToken: optionalSecret("AWS_SESSION_TOKEN"),
      expiration: optionalString("AWS_CREDENTIAL_EXPIRATION"),
    }).pipe(Effect.mapError((error) => credentialsError("environment", `could not read the configuration: ${error.message}`)))
    const accessKeyId = present(vars.accessKeyId)
    const secretAccessKey = present(vars.secretAccessKey)
    const missing = [
      ...(accessKeyId === undefined ? ["AWS_ACCESS_KEY_ID"] : []),
      ...(secretAccessKey === undefined ? ["AWS_SECRET_ACCESS_KEY"] : []),
    ]
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      return yield* credentialsError("environment", `${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not set or empty`)
    }
    const expirationText = present(vars.expiration)
    const expiration = expirationText === undefined ? undefined : new Date(expirationText)
    if (expiration !== undefined && Number.isNaN(expiration.getTime())) {
      return yield* credentialsError("environment", "AWS_CREDENTIAL_EXPIRATION is not a valid ISO-8601 date")
    }
    return yield* validate("environment", { accessKeyId, secretAccessKey, sessionToken: present(vars.sessionToken), expiration })
  }),
}

const callProvider = ({ name, resolve, secrets }: CoreCredentials.Provider): Effect.Effect<AwsCredentials, CredentialsError> =>
  Effect.flatMap(
    Effect.tryPromise({ try: resolve, catch: (cause) => credentialsError(name, CoreCredentials.describeCause(cause), secrets()) }),
    (identity) =>
      identity === null || typeof identity !== "object"
        ? Effect.fail(credentialsError(name, "the provider returned no credentials"))
        : validate(name, identity as StaticCredentials),
  )

const noSecrets = () => []

/**
 * Wraps any Smithy credential provider (the `AwsCredentialIdentityProvider` functions of
 * `@aws-sdk/credential-providers`). A rejection becomes a `CredentialsError` carrying its message.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromProvider = (provider: IdentityProvider): CredentialsProvider => ({
  get: callProvider({ name: "credential provider", resolve: () => provider(), secrets: noSecrets }),
})

/**
 * The standard AWS chain of `@aws-sdk/credential-provider-node` (environment, SSO, web identity,
 * shared config and credentials files, `credential_process`, container and instance metadata),
 * loaded on first use. Every `get` re-runs the chain; wrap it in {@link cached}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultChain = (options?: DefaultChainOptions): CredentialsProvider => ({
  get: callProvider(CoreCredentials.defaultChain(options)),
})

const isProvider = (input: object): input is CredentialsProvider => "get" in input && Effect.isEffect((input as { get: unknown }).get)

/**
 * The provider for the client's `credentials` option: static credentials, a Smithy provider or an
 * `Effect` as given, and the {@link defaultChain} when there is none.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromInput = (input: CredentialsInput | undefined, options?: DefaultChainOptions): CredentialsProvider => {
  if (input === undefined) return defaultChain(options)
  if (Effect.isEffect(input)) return { get: input }
  if (typeof input === "function") return fromProvider(input)
  if (isProvider(input)) return input
  return fromStatic(input)
}

/**
 * Options of {@link cached}.
 *
 * @since 0.1.0
 * @category models
 */
export interface CacheOptions {
  /** How long before their expiration credentials are re-fetched. Defaults to 5 minutes. */
  readonly refreshBefore?: Duration.Input | undefined
}

/**
 * Caches a provider's credentials. Credentials without an expiration are fetched once; expiring
 * ones are re-fetched once `now >= expiration - refreshBefore` (time from `Clock`). Concurrent
 * callers share one fetch. A failed fetch is not cached: the next `get` tries again, though while
 * the previous credentials have not actually expired they are returned instead; the failure's
 * message is cleared of the previous credentials' secrets.
 *
 * @since 0.1.0
 * @category combinators
 */
export const cached = (provider: CredentialsProvider, options?: CacheOptions): Effect.Effect<CredentialsProvider> =>
  Effect.map(Semaphore.make(1), (lock) => {
    const refreshBefore = Duration.toMillis(Duration.fromInputUnsafe(options?.refreshBefore ?? Duration.minutes(5)))
    let current: { readonly credentials: AwsCredentials; readonly refreshAt: number } | undefined
    const fresh = (now: number) => (current !== undefined && now < current.refreshAt ? current.credentials : undefined)
    const lookup = (orElse: Effect.Effect<AwsCredentials, CredentialsError>) =>
      Effect.clockWith((clock) => {
        const credentials = fresh(clock.currentTimeMillisUnsafe())
        return credentials === undefined ? orElse : Effect.succeed(credentials)
      })
    const fetch = Effect.matchEffect(provider.get, {
      onSuccess: (credentials) => {
        current = {
          credentials,
          refreshAt: credentials.expiration === undefined ? Number.POSITIVE_INFINITY : credentials.expiration.getTime() - refreshBefore,
        }
        return Effect.succeed(credentials)
      },
      onFailure: (error) =>
        Effect.clockWith((clock) => {
          const previous = current?.credentials
          if (previous === undefined) return Effect.fail(error)
          const expiration = previous.expiration
          if (expiration !== undefined && clock.currentTimeMillisUnsafe() < expiration.getTime()) return Effect.succeed(previous)
          // A provider's failure may quote what it was last given.
          const secrets = [Redacted.value(previous.secretAccessKey), previous.sessionToken && Redacted.value(previous.sessionToken)]
          return Effect.fail(new CredentialsError({ message: CoreCredentials.scrubMessage(error.message, secrets) }))
        }),
    })
    // Looked up again under the lock: the fiber that held it may have fetched them meanwhile.
    return { get: lookup(lock.withPermits(1)(lookup(fetch))), unsafeCurrent: fresh }
  })
