/**
 * Where the client's AWS credentials come from: static keys, the environment, any Smithy
 * credential provider, an `Effect`, or the standard AWS default chain, plus a cache that refreshes
 * expiring credentials before they run out.
 *
 * Secrets are held as `Redacted` values, so printing, logging, `JSON.stringify` or `util.inspect`
 * of credentials never shows them, and no error message of this module contains one.
 *
 * @since 0.1.0
 */
// Mirror of src/services/Credentials.ts: the same public providers, over each Effect's Config, Redacted and
// caching primitives (Deferred in 3, Semaphore in 4); the effect-free parts (messages, default chain) are the core's Credentials.
import * as CoreCredentials from "@effect-codepipeline/core/Credentials"
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { CredentialsError } from "../errors/common.js"

/**
 * Resolved AWS credentials. The secret key and session token are `Redacted`: use
 * `Redacted.value` to read them when signing.
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
 * Credentials given as values. Secrets may be plain strings or already `Redacted`.
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
 * Everything the client accepts as its `credentials` option: static credentials, a provider of
 * this module (`fromEnv`, `defaultChain(...)`, ...), any Smithy
 * credential provider (for example from `@aws-sdk/credential-providers`), or an `Effect`.
 *
 * @since 0.1.0
 * @category models
 */
export type CredentialsInput =
  | StaticCredentials
  | CredentialsProvider
  | AwsCredentialIdentityProvider
  | Effect.Effect<AwsCredentials, CredentialsError>

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
 * Options of the AWS default chain.
 *
 * @since 0.1.0
 * @category models
 */
export interface DefaultChainOptions {
  /** The shared config/credentials profile to use instead of `AWS_PROFILE` / `default`. */
  readonly profile?: string | undefined
}

// -----------------------------------------------------------------------------
// errors
// -----------------------------------------------------------------------------

// Messages of failures to load credentials, never containing a secret: the core's.
const credentialsError = (provider: string, reason: string, secrets?: ReadonlyArray<string | undefined>) =>
  new CredentialsError({ message: CoreCredentials.failureMessage(provider, reason, secrets) })

// -----------------------------------------------------------------------------
// constructors
// -----------------------------------------------------------------------------

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
  get: validate("static", credentials),
})

const optionalString = (name: string) => Config.option(Config.string(name))
const optionalSecret = (name: string) => Config.option(Config.redacted(name))
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
  // Pure: a bundler drops it (and Effect's `Config` modules) from programs that do not use it.
  get: /*#__PURE__*/ Effect.gen(function* () {
    const vars = yield* Config.all({
      accessKeyId: optionalString("AWS_ACCESS_KEY_ID"),
      secretAccessKey: optionalSecret("AWS_SECRET_ACCESS_KEY"),
      sessionToken: optionalSecret("AWS_SESSION_TOKEN"),
      expiration: optionalString("AWS_CREDENTIAL_EXPIRATION"),
    }).pipe(Effect.mapError((error) => credentialsError("environment", `could not read the configuration: ${String(error)}`)))
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
    return yield* validate("environment", {
      accessKeyId,
      secretAccessKey,
      sessionToken: present(vars.sessionToken),
      expiration,
    })
  }),
}

const fromIdentity = (provider: string, identity: AwsCredentialIdentity | undefined | null) =>
  identity === null || typeof identity !== "object"
    ? Effect.fail(credentialsError(provider, "the provider returned no credentials"))
    : validate(provider, {
        accessKeyId: identity.accessKeyId,
        secretAccessKey: identity.secretAccessKey,
        sessionToken: identity.sessionToken,
        expiration: identity.expiration,
      })

const noSecrets = () => []

const callProvider = ({ name, resolve, secrets }: CoreCredentials.Provider): Effect.Effect<AwsCredentials, CredentialsError> =>
  Effect.tryPromise({
    try: resolve,
    catch: (cause) => credentialsError(name, CoreCredentials.describeCause(cause), secrets()),
  }).pipe(Effect.flatMap((identity) => fromIdentity(name, identity as AwsCredentialIdentity | undefined | null)))

/**
 * Wraps any Smithy credential provider (the `AwsCredentialIdentityProvider` functions of
 * `@aws-sdk/credential-providers`). A rejection becomes a `CredentialsError` carrying its message.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromProvider = (provider: AwsCredentialIdentityProvider): CredentialsProvider => ({
  get: callProvider({ name: "credential provider", resolve: () => provider(), secrets: noSecrets }),
})

/**
 * The standard AWS chain of `@aws-sdk/credential-provider-node` (environment, SSO, web identity,
 * shared config and credentials files, `credential_process`, container and instance metadata).
 * The chain is loaded on first use, so a program that passes credentials never imports it.
 * Every `get` re-runs the chain; wrap it in {@link cached}.
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
  if (isProvider(input)) return input
  if (typeof input === "function") return fromProvider(input)
  return fromStatic(input)
}

// -----------------------------------------------------------------------------
// caching
// -----------------------------------------------------------------------------

/**
 * Options of {@link cached}.
 *
 * @since 0.1.0
 * @category models
 */
export interface CacheOptions {
  /** How long before their expiration credentials are re-fetched. Defaults to 5 minutes. */
  readonly refreshBefore?: Duration.DurationInput | undefined
}

interface Entry {
  readonly credentials: AwsCredentials
  readonly succeed: Effect.Effect<AwsCredentials>
  /** Epoch millis from which the credentials are re-fetched; `undefined` when they never expire. */
  readonly refreshAt: number | undefined
}

/**
 * Caches a provider's credentials. Credentials without an expiration are fetched once; expiring
 * ones are re-fetched once `now >= expiration - refreshBefore` (time from `Clock`). Concurrent
 * callers share one in-flight fetch. A failed fetch is not cached: the next `get` tries again,
 * though while the previous credentials have not actually expired they are returned instead.
 *
 * @since 0.1.0
 * @category combinators
 */
export const cached = (provider: CredentialsProvider, options?: CacheOptions): Effect.Effect<CredentialsProvider> =>
  Effect.sync(() => {
    const refreshBefore = Duration.toMillis(Duration.decode(options?.refreshBefore ?? Duration.minutes(5)))
    let entry: Entry | undefined
    // Completed with `undefined` when the fetching fiber was interrupted: waiters then try again.
    let inflight: Deferred.Deferred<AwsCredentials | undefined, CredentialsError> | undefined

    const store = (credentials: AwsCredentials): void => {
      entry = {
        credentials,
        succeed: Effect.succeed(credentials),
        refreshAt: credentials.expiration === undefined ? undefined : credentials.expiration.getTime() - refreshBefore,
      }
    }

    const fetch = (
      deferred: Deferred.Deferred<AwsCredentials | undefined, CredentialsError>,
      previous: Entry | undefined,
    ): Effect.Effect<AwsCredentials, CredentialsError> =>
      Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(Effect.exit(restore(provider.get)), (exit) =>
          Effect.map(Clock.currentTimeMillis, (now): Exit.Exit<AwsCredentials, CredentialsError> => {
            inflight = undefined
            if (Exit.isSuccess(exit)) {
              store(exit.value)
              Deferred.unsafeDone(deferred, exit)
              return exit
            }
            if (Cause.isInterruptedOnly(exit.cause)) {
              Deferred.unsafeDone(deferred, Exit.succeed(undefined))
              return exit
            }
            const expiration = previous?.credentials.expiration
            if (previous !== undefined && expiration !== undefined && now < expiration.getTime()) {
              Deferred.unsafeDone(deferred, previous.succeed)
              return Exit.succeed(previous.credentials)
            }
            const secrets =
              previous === undefined
                ? []
                : [
                    Redacted.value(previous.credentials.secretAccessKey),
                    previous.credentials.sessionToken && Redacted.value(previous.credentials.sessionToken),
                  ]
            const result = Exit.mapError(exit, (error) =>
              secrets.length === 0 ? error : new CredentialsError({ message: CoreCredentials.scrubMessage(error.message, secrets) }),
            )
            Deferred.unsafeDone(deferred, result)
            return result
          }),
        ).pipe(Effect.flatten),
      )

    const refresh = (now: number | undefined): Effect.Effect<AwsCredentials, CredentialsError> => {
      // Another fiber may have refreshed since the caller looked.
      const current = entry
      if (current !== undefined && (current.refreshAt === undefined || (now !== undefined && now < current.refreshAt))) {
        return current.succeed
      }
      if (inflight !== undefined) {
        return Effect.flatMap(Deferred.await(inflight), (credentials) => (credentials === undefined ? get : Effect.succeed(credentials)))
      }
      const deferred = Deferred.unsafeMake<AwsCredentials | undefined, CredentialsError>(FiberId.none)
      inflight = deferred
      return fetch(deferred, current)
    }

    const get: Effect.Effect<AwsCredentials, CredentialsError> = Effect.suspend(() => {
      const current = entry
      if (current === undefined) return refresh(undefined)
      const refreshAt = current.refreshAt
      if (refreshAt === undefined) return current.succeed
      return Effect.flatMap(Clock.currentTimeMillis, (now) => (now < refreshAt ? current.succeed : refresh(now)))
    })

    const unsafeCurrent = (now: number): AwsCredentials | undefined => {
      const current = entry
      if (current === undefined) return undefined
      return current.refreshAt === undefined || now < current.refreshAt ? current.credentials : undefined
    }

    return { get, unsafeCurrent }
  })
