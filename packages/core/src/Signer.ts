/**
 * SigV4 signing with `@smithy/signature-v4`, plus the clock-skew correction the official SDK
 * applies: when a response's `Date` is five minutes or more away from the client's clock, later
 * requests are signed with the service's time. Node only: it hashes with `node:crypto`
 * (`NodeSha256`: on Node 24 a signature took 19–26 µs with it against 45–51 µs with
 * `@smithy/hash-node`, the bench's breakdown, in process).
 *
 * `@smithy/signature-v4` is imported with this module, which nothing loads with a package: in the
 * packages' Node builds it is in the core's `live` group, which an Effect package loads with its
 * live client (when a live layer is first built), and the emulator's control client imports it on
 * its first request (with the `@smithy/core` modules it requires, loading it took 30 ms on Node 24,
 * 2026-12-05, and a program that only uses the test layers never signs). Imported statically, a
 * bundler keeps only what is used of it, and no lazy initializer around it: one operation's bundle
 * 24.1 → 23.3 KB gzip (the bench's headline, esbuild).
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
import { SignatureV4 } from "@smithy/signature-v4"
import type { Credentials } from "./Credentials.js"
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
  // One SignatureV4 per credentials object: it caches derived signing keys, and credentials
  // rotate rarely. Keyed weakly so rotated credentials are dropped with their signer.
  private readonly signers = new WeakMap<Credentials, SignatureV4>()
  // Keeps the HMAC keys of the signer's last credentials as `KeyObject`s (see `NodeSha256`).
  private readonly sha256 = makeNodeSha256()

  constructor(
    readonly region: string,
    readonly service: string,
  ) {}

  private signerFor(credentials: Credentials): SignatureV4 {
    let signer = this.signers.get(credentials)
    if (signer === undefined) {
      const identity = {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
      }
      signer = new SignatureV4({ service: this.service, region: this.region, credentials: identity, sha256: this.sha256 })
      this.signers.set(credentials, signer)
    }
    return signer
  }

  /**
   * The headers to send: `headers` (lower-case names, `host` included) with the signature's added,
   * dated `now` (epoch milliseconds) plus the clock offset. `headers` is left as it is. The query
   * string of `url` is signed with it; `method` is `POST` unless given.
   */
  async sign(
    credentials: Credentials,
    url: URL,
    headers: Record<string, string>,
    body: string,
    now: number,
    method = "POST",
  ): Promise<Record<string, string>> {
    const query: Record<string, string> = {}
    if (url.search !== "") for (const [name, value] of url.searchParams) query[name] = value
    const signed = await this.signerFor(credentials).sign(
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
      { signingDate: new Date(now + this.offset), unsignableHeaders: UNSIGNABLE },
    )
    return signed.headers
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
