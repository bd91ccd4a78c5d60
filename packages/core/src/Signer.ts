/**
 * SigV4 signing with `@smithy/signature-v4`, plus the clock-skew correction the official SDK
 * applies: when a response's `Date` is five minutes or more away from the client's clock, later
 * requests are signed with the service's time. Node only: it hashes with `node:crypto`
 * (`NodeSha256`: on Node 24 a signature took 19–26 µs with it against 45–51 µs with
 * `@smithy/hash-node`, the bench's breakdown, in process).
 *
 * It signs with `SignatureV4#signRequest`'s steps composed from the library's building blocks
 * (`internal/sigv4.ts`, beside the plain `SignatureV4#sign` it is tested against): without the
 * presigning and event-stream signing a class carries into every bundle, and with the signing key
 * kept per credentials object and day.
 *
 * `@smithy/signature-v4` is imported with this module, which nothing loads with a package: in the
 * packages' Node builds it is in the core's `live` group, which an Effect package loads with its
 * live client (when a live layer is first built), and the emulator's control client imports it on
 * its first request (with the `@smithy/core` modules it requires, loading it took 30 ms on Node 24,
 * 2026-12-05, and a program that only uses the test layers never signs). Imported statically, a
 * bundler keeps only what is used of it, and no lazy initializer around it.
 *
 * ```ts
 * import { Signer } from "@effect-codepipeline/core/Signer"
 *
 * const signer = new Signer("eu-west-1", "codepipeline")
 * const url = new URL("https://codepipeline.eu-west-1.amazonaws.com/")
 * const headers = await signer.sign({ accessKeyId: "AKID", secretAccessKey: "secret" }, url, { host: url.host }, "{}", Date.now())
 * ```
 *
 * @since 0.1.0
 */
import type { Credentials } from "./Credentials.js"
import { composedSigner, type Sign } from "./internal/sigv4.js"
import { makeNodeSha256 } from "./NodeSha256.js"

/**
 * How far, in milliseconds, a response's `Date` may be from the client's clock before later
 * requests are signed with the service's time.
 *
 * @since 0.1.0
 */
export const SKEW_THRESHOLD_MILLIS = 5 * 60 * 1000

// `user-agent` and the SDK's invocation headers are informational and may be rewritten by proxies.
const UNSIGNABLE = new Set(["user-agent", "amz-sdk-invocation-id", "amz-sdk-request", "content-length"])

/**
 * Signs requests (`POST` unless told) for one region and service, and keeps the clock offset learnt from
 * responses.
 *
 * @since 0.1.0
 */
export class Signer {
  /** Milliseconds to add to the local clock to get the service's. */
  offset = 0
  private lastDate: string | undefined
  private lastServerTime = Number.NaN
  // Keeps the signing key per credentials object and day, and (`NodeSha256`) the HMAC key of the
  // last signature as a `KeyObject`.
  private readonly signWith: Sign

  constructor(
    readonly region: string,
    readonly service: string,
  ) {
    this.signWith = composedSigner(region, service, makeNodeSha256(), UNSIGNABLE)
  }

  /**
   * The headers to send: `headers` (lower-case names, `host` included) with the signature's added,
   * dated `now` (epoch milliseconds) plus the clock offset. `headers` is left as it is. The query
   * string of `url` is signed with it; `method` is `POST` unless given.
   */
  sign(
    credentials: Credentials,
    url: URL,
    headers: Record<string, string>,
    body: string,
    now: number,
    method = "POST",
  ): Promise<Record<string, string>> {
    const query: Record<string, string> = {}
    if (url.search !== "") for (const [name, value] of url.searchParams) query[name] = value
    return this.signWith(
      credentials,
      {
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query,
        headers,
        body,
      },
      new Date(now + this.offset),
    )
  }

  /** Updates the offset from a response's `Date` header received at `now`; true when it changed. */
  correct(dateHeader: string | undefined, now: number): boolean {
    if (dateHeader === undefined) return false
    // A `Date` has whole seconds, so calls in the same second repeat it: parsed once.
    if (dateHeader !== this.lastDate) {
      this.lastDate = dateHeader
      this.lastServerTime = Date.parse(dateHeader)
    }
    const server = this.lastServerTime
    if (Number.isNaN(server)) return false
    if (Math.abs(server - (now + this.offset)) < SKEW_THRESHOLD_MILLIS) return false
    this.offset = server - now
    return true
  }
}
