/**
 * Secrets in what the controls hand out (recorded calls, exported state): a webhook's
 * `SecretToken`, a third-party client's `clientToken`, a GitHub source's `OAuthToken`. They are
 * found by member name wherever they are (a refused call's input is the caller's value, of any
 * shape), and replaced by `****`, as CodePipeline masks an `OAuthToken`, unless the caller asks
 * for them.
 */

const SECRET_MEMBERS: ReadonlySet<string> = new Set(["SecretToken", "clientToken", "OAuthToken"])

export const MASK = "****"

/** A copy of `value` with every secret member's value masked; other values are kept as they are. */
export const redactSecrets = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redactSecrets)
  if (
    value === null ||
    typeof value !== "object" ||
    (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)
  )
    return value
  const out: Record<string, unknown> = {}
  for (const [name, member] of Object.entries(value)) {
    // `__proto__` as a key must stay an own entry.
    Object.defineProperty(out, name, {
      value: SECRET_MEMBERS.has(name) && typeof member === "string" ? MASK : redactSecrets(member),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return out
}
