/**
 * AWS credentials as plain strings, and what calling a credential provider needs besides its
 * caching: failure messages that never contain a secret, and the standard AWS default chain
 * (`@aws-sdk/credential-provider-node`, an optional peer dependency, loaded on first use).
 *
 * @since 0.1.0
 */

/**
 * Resolved AWS credentials. The secret key and session token are plain strings here: keep them out
 * of messages and logs (see `Redact` for text that may quote them).
 *
 * @since 0.1.0
 */
export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string | undefined
  readonly expiration?: Date | undefined
}

/**
 * A source of credentials as a promise-returning function, with what its failures may quote.
 *
 * @since 0.1.0
 */
export interface Provider {
  /** Names the provider in messages, for example `default chain`. */
  readonly name: string
  /** Resolves credentials anew on every call; what it resolves with is to be checked by the caller. */
  readonly resolve: () => Promise<unknown>
  /** Secrets a failure of this provider may quote, to be scrubbed from its message. */
  readonly secrets: () => ReadonlyArray<string | undefined>
}

const SECRET_KEY_LIKE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g
const TOKEN_LIKE = /[A-Za-z0-9/+=]{64,}/g

/**
 * `message` without the given secrets (those of 4 characters or more), nor anything shaped like an
 * AWS secret access key (40 base64 characters mixing lower case, upper case and digits) or a
 * session token (64 base64 characters or more).
 *
 * @since 0.1.0
 */
export const scrubMessage = (message: string, secrets: ReadonlyArray<string | undefined>): string => {
  let out = message
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join("<redacted>")
  }
  return out
    .replace(TOKEN_LIKE, "<redacted>")
    .replace(SECRET_KEY_LIKE, (m) => (/[a-z]/.test(m) && /[A-Z]/.test(m) && /[0-9]/.test(m) ? "<redacted>" : m))
}

/**
 * What a provider's failure says: an error's message (its name when the message is empty), a
 * string as it is, or that it said nothing.
 *
 * @since 0.1.0
 */
export const describeCause = (cause: unknown): string => {
  if (cause instanceof Error) return cause.message === "" ? cause.name : cause.message
  if (typeof cause === "string") return cause
  return "the provider failed without an error message"
}

/**
 * The message of a failure to load credentials from `provider`, with `reason` scrubbed (see
 * {@link scrubMessage}): `Could not load AWS credentials (default chain): ...`.
 *
 * @since 0.1.0
 */
export const failureMessage = (provider: string, reason: string, secrets: ReadonlyArray<string | undefined> = []): string =>
  `Could not load AWS credentials (${provider}): ${scrubMessage(reason, secrets)}`

/**
 * `reveal` cached per credentials object: the core signs with, and scrubs server text of,
 * credentials as plain strings, and keeps caches per plain object (signing keys, scrubbers). An
 * adapter that holds its secrets in its own wrappers reveals each of its credentials objects once
 * through this, so the same plain object reaches the core on every call and those caches hold.
 *
 * @since 0.1.0
 */
export const revealedOnce = <K extends object>(reveal: (credentials: K) => Credentials): ((credentials: K) => Credentials) => {
  const revealed = new WeakMap<K, Credentials>()
  return (credentials) => {
    let plain = revealed.get(credentials)
    if (plain === undefined) {
      plain = reveal(credentials)
      revealed.set(credentials, plain)
    }
    return plain
  }
}

/**
 * Options of the default chain.
 *
 * @since 0.1.0
 */
export interface DefaultChainOptions {
  /** The shared config/credentials profile to use instead of `AWS_PROFILE` / `default`. */
  readonly profile?: string | undefined
}

/**
 * The standard AWS chain of `@aws-sdk/credential-provider-node` (environment, SSO, web identity,
 * shared config and credentials files, `credential_process`, container and instance metadata). The
 * chain is imported on the first `resolve`, so a program that never calls it never loads it; every
 * `resolve` runs the chain anew (its own memo is bypassed: refreshing belongs to the caller's cache).
 * Its failures may quote the environment's secret key and session token.
 *
 * @since 0.1.0
 */
export const defaultChain = (options?: DefaultChainOptions): Provider => {
  let chain: Promise<(options: { forceRefresh: boolean }) => Promise<unknown>> | undefined
  const load = () =>
    (chain ??= import("@aws-sdk/credential-provider-node").then(
      (module) => module.defaultProvider(options?.profile !== undefined ? { profile: options.profile } : {}),
      (error: unknown) => {
        // Not cached: a later call tries the import again.
        chain = undefined
        throw error
      },
    ))
  return {
    name: "default chain",
    resolve: () => load().then((provider) => provider({ forceRefresh: true })),
    secrets: () => [process.env["AWS_SECRET_ACCESS_KEY"], process.env["AWS_SESSION_TOKEN"]],
  }
}
