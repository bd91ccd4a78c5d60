/**
 * What a server says goes into errors (messages, codes, request ids), and a server may quote the
 * request back: a proxy echoing the `x-amz-security-token` header, a service quoting part of it.
 * Before such text is kept, it is cut to a bounded length, copied (so that it keeps nothing of a
 * larger string alive), and cleared of the secrets of the credentials that signed the request: the
 * secret access key and the session token (the access key id is not a secret: it is in every
 * `Authorization` header).
 *
 * The rule: a secret is cut into windows of `W = min(8, its length)` consecutive characters, and
 * every character of the text that lies in a window of `W` characters equal to one of the secret's
 * is replaced, each maximal run of them by one `***`. So the secret whole, any substring of it of
 * `W` characters or more (a prefix, a suffix, a middle part, however the server cut it), and
 * overlapping pieces of it are all removed, and what remains of the secret in the text is only
 * pieces shorter than `W` characters, each of which carries less than 48 bits of a base64 secret
 * and would also match ordinary words if `W` were smaller. A secret of fewer than 8 characters is
 * removed wherever it occurs whole. The URL-encoded form of a secret is treated as a secret too.
 *
 * ```ts
 * import * as Redact from "@effect-codepipeline/core/Redact"
 *
 * const scrub = Redact.scrubFor({ accessKeyId: "AKID", secretAccessKey: "wJalrXUtnFEMI/K7MDENG" })
 * scrub("denied: wJalrXUtnFEMI/K7MDENG", 4096) // "denied: ***"
 * ```
 *
 * @since 0.1.0
 */
import type { Credentials } from "./Credentials.js"
import { redactWith, windowsOf } from "./internal/redact.js"
import { capText } from "./internal/text.js"

/**
 * Cleans server text for an error: at most `max` code units (with a marker saying how many more
 * there were when it is cut), secrets removed, and copied.
 *
 * @since 0.1.0
 */
export type Scrub = (text: string, max: number) => string

/**
 * Capping and copying only: for text answering a request that no credentials signed (no attempt
 * got that far).
 *
 * @since 0.1.0
 */
export const scrubPlain: Scrub = (text, max) => capText(text, max)

/**
 * The {@link Scrub} that removes `secrets` (and their URL-encoded forms).
 *
 * @since 0.1.0
 */
export const scrubber = (secrets: ReadonlyArray<string>): Scrub => {
  const all: Array<string> = []
  for (const secret of secrets) {
    all.push(secret)
    const encoded = encodeURIComponent(secret)
    if (encoded !== secret) all.push(encoded)
  }
  const windows = windowsOf(all)
  const redact = (text: string) => redactWith(text, windows)
  return (text, max) => capText(text, max, redact)
}

const scrubs = new WeakMap<Credentials, Scrub>()

/**
 * The {@link Scrub} for text answering a request signed with `credentials`: their secret access key
 * and session token are removed. Built once per credentials object; {@link scrubPlain} for none.
 *
 * @since 0.1.0
 */
export const scrubFor = (credentials: Credentials | undefined): Scrub => {
  if (credentials === undefined) return scrubPlain
  let scrub = scrubs.get(credentials)
  if (scrub === undefined) {
    const secrets = [credentials.secretAccessKey]
    if (credentials.sessionToken !== undefined) secrets.push(credentials.sessionToken)
    scrub = scrubber(secrets)
    scrubs.set(credentials, scrub)
  }
  return scrub
}

/**
 * `text` with every run of characters covered by a window of one of `secrets` replaced by `***`:
 * the redaction alone, neither capped nor copied, nor URL-encoded forms added.
 *
 * @since 0.1.0
 */
export const redactSecrets = (text: string, secrets: ReadonlyArray<string>): string => redactWith(text, windowsOf(secrets))
