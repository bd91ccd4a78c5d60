/**
 * SigV4 verification, as AWS does it for an awsJson service: the `Authorization` header is parsed,
 * its access key looked up, its credential scope and date checked, and the request signed again
 * with `@smithy/signature-v4` over exactly the headers the client listed in `SignedHeaders`, with
 * the client's date, region and service. The signatures are compared in constant time.
 *
 * Refusals use the codes and wording AWS uses (all HTTP 400 for an awsJson service):
 * `MissingAuthenticationTokenException`, `IncompleteSignatureException`,
 * `UnrecognizedClientException` and `InvalidSignatureException` (`Signature expired: ...`).
 *
 * The signature must cover what the request carries: `host`, `x-amz-date`, `x-amz-target` and
 * (when sent) `x-amz-security-token` must be among the signed headers, or an unsigned header could
 * be changed after signing (a signed GetPipeline replayed as DeletePipeline); a signed header the
 * request does not carry, a second `Authorization` header, and a session token sent with long-term
 * credentials are refused as well.
 *
 * Runtime-neutral: hashing is the caller's, by default the Web Crypto API's (see `sha256.ts`).
 */
import type { SignatureV4 } from "@smithy/signature-v4"
import { type Sha256Constructor, sha256Hex } from "./sha256.js"

// Loaded by the first request verified, not with the module: the testing modules of the Effect
// packages bring the emulator, and importing `@smithy/signature-v4` (with the `@smithy/core` modules
// it requires) took 25–31 ms after `effect` on Node 24 (2026-12-05), for tests that may never start one.
let signatureV4: Promise<typeof SignatureV4> | undefined
const loadSignatureV4 = () => (signatureV4 ??= import("@smithy/signature-v4").then((module) => module.SignatureV4))

export interface Credential {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  /** When set, requests must carry it in `X-Amz-Security-Token`. */
  readonly sessionToken?: string | undefined
}

export interface AuthConfig {
  readonly credentials: ReadonlyArray<Credential>
  readonly region: string
  readonly service: string
  /** How far a request's date may be from the server's clock. AWS: 5 minutes. */
  readonly maxSkewMs: number
  /** SHA-256 and HMAC-SHA-256, in the shape `@smithy/signature-v4` takes. */
  readonly sha256: Sha256Constructor
}

export interface SignedRequest {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string | Array<string>>>
  /** Lower-case names; repeated headers joined with `,`. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

export interface AuthFailure {
  readonly code: string
  readonly message: string
}

const ALGORITHM = "AWS4-HMAC-SHA256"

/** Headers that must be signed when sent (`host` is checked first, with AWS's own wording). */
const MUST_BE_SIGNED: ReadonlyArray<readonly [string, string]> = [
  ["x-amz-date", "X-Amz-Date"],
  ["x-amz-target", "X-Amz-Target"],
  ["x-amz-security-token", "X-Amz-Security-Token"],
]
const fail = (code: string, message: string): AuthFailure => ({ code, message })
const incomplete = (message: string) => fail("IncompleteSignatureException", message)
const invalid = (message: string) => fail("InvalidSignatureException", message)

export const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
export const INVALID_TOKEN = "The security token included in the request is invalid."
export const MISSING_TOKEN = "Missing Authentication Token"

/** `20150830T123600Z` → epoch ms, or `undefined`. */
const parseAmzDate = (value: string): number | undefined => {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (m === null) return undefined
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
  return Number.isNaN(ms) ? undefined : ms
}

const amzDate = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z")

/** Compares every code unit, whatever differs first. */
const constantTimeEqual = (a: string, b: string): boolean => {
  // Lengths are not secret (a SigV4 signature is always 64 hex digits); compare equal lengths only.
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return difference === 0
}

interface ParsedAuthorization {
  readonly accessKeyId: string
  readonly date: string
  readonly region: string
  readonly service: string
  readonly terminator: string
  readonly signedHeaders: ReadonlyArray<string>
  readonly signature: string
}

const parseAuthorization = (header: string): ParsedAuthorization | AuthFailure => {
  const space = header.indexOf(" ")
  const algorithm = space < 0 ? header : header.slice(0, space)
  if (algorithm !== ALGORITHM)
    return incomplete(`Unsupported AWS 'algorithm': '${algorithm.slice(0, 40)}'. Only ${ALGORITHM} is supported.`)
  // A repeated Authorization header arrives joined with a comma: a second algorithm, repeated
  // parameters. Which of two signatures would count is not for the emulator to guess.
  if (header.indexOf(ALGORITHM, ALGORITHM.length) >= 0) {
    return incomplete(`The request carries more than one '${ALGORITHM}' Authorization: send exactly one Authorization header.`)
  }
  const params = new Map<string, string>()
  for (const part of header.slice(space + 1).split(",")) {
    const eq = part.indexOf("=")
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    if (params.has(name)) return incomplete(`Authorization header has the '${name.slice(0, 40)}' parameter more than once.`)
    params.set(name, part.slice(eq + 1).trim())
  }
  const missing = ["Credential", "Signature", "SignedHeaders"].filter((name) => !params.get(name))
  if (missing.length > 0) return incomplete(missing.map((name) => `Authorization header requires '${name}' parameter.`).join(" "))
  const scope = params.get("Credential")!.split("/")
  if (scope.length !== 5 || scope.some((s) => s === "")) {
    return incomplete(
      "Authorization header's Credential parameter is malformed: expected <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request.",
    )
  }
  const [accessKeyId, date, region, service, terminator] = scope as [string, string, string, string, string]
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    signedHeaders: params
      .get("SignedHeaders")!
      .split(";")
      .map((h) => h.trim().toLowerCase()),
    signature: params.get("Signature")!,
  }
}

/** Verifies a request; `undefined` when it is authentic, else the AWS error to answer with. */
export class Verifier {
  private readonly byAccessKey: ReadonlyMap<string, Credential>
  // One signer per credential and scope: `SignatureV4` caches derived signing keys per day.
  private readonly signers = new Map<string, SignatureV4>()

  constructor(readonly config: AuthConfig) {
    this.byAccessKey = new Map(config.credentials.map((c) => [c.accessKeyId, c]))
  }

  private async signerFor(credential: Credential, region: string, service: string): Promise<SignatureV4> {
    const key = `${credential.accessKeyId}\n${region}\n${service}`
    let signer = this.signers.get(key)
    if (signer === undefined) {
      const SignatureV4 = await loadSignatureV4()
      signer = new SignatureV4({
        service,
        region,
        // Without the session token: when the client sent one, it is among the signed headers.
        credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
        sha256: this.config.sha256,
        // The payload hash header is signed only when the client sent it.
        applyChecksum: false,
      })
      this.signers.set(key, signer)
    }
    return signer
  }

  async verify(request: SignedRequest, now: number): Promise<AuthFailure | undefined> {
    const header = request.headers["authorization"]
    if (header === undefined || header.trim() === "") {
      if (request.query["X-Amz-Signature"] !== undefined || request.query["X-Amz-Credential"] !== undefined) {
        return incomplete("Query-string (presigned) authentication is not supported for this operation: sign the Authorization header.")
      }
      return fail("MissingAuthenticationTokenException", MISSING_TOKEN)
    }
    const parsed = parseAuthorization(header.trim())
    if ("code" in parsed) return parsed

    const credential = this.byAccessKey.get(parsed.accessKeyId)
    if (credential === undefined) return fail("UnrecognizedClientException", INVALID_TOKEN)

    const dateHeader = request.headers["x-amz-date"]
    if (dateHeader === undefined) {
      return incomplete(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. This emulator requires 'X-Amz-Date'.",
      )
    }
    const signedAt = parseAmzDate(dateHeader)
    if (signedAt === undefined)
      return incomplete(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'", got '${dateHeader.slice(0, 40)}'.`)
    if (parsed.date !== dateHeader.slice(0, 8)) {
      return invalid(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date.slice(0, 20)}' != '${dateHeader.slice(0, 8)}', from '${dateHeader}'.`,
      )
    }
    if (parsed.service !== this.config.service) return invalid(`Credential should be scoped to correct service: '${this.config.service}'. `)
    if (parsed.region !== this.config.region) {
      return invalid(
        `Credential should be scoped to a valid region, not '${parsed.region.slice(0, 40)}'. This emulator serves '${this.config.region}'.`,
      )
    }
    if (parsed.terminator !== "aws4_request")
      return invalid(`Credential should be scoped with a valid terminator: 'aws4_request', not '${parsed.terminator.slice(0, 40)}'. `)
    if (!parsed.signedHeaders.includes("host")) return invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
    for (const [name, display] of MUST_BE_SIGNED) {
      if (request.headers[name] !== undefined && !parsed.signedHeaders.includes(name))
        return invalid(`'${display}' must be a 'SignedHeader' in the AWS Authorization.`)
    }
    const absent = parsed.signedHeaders.find((name) => request.headers[name] === undefined)
    if (absent !== undefined) return invalid(`SignedHeaders names '${absent.slice(0, 60)}', a header the request does not carry.`)

    const skew = this.config.maxSkewMs
    const minutes = `${Math.round(skew / 60_000)} min.`
    if (signedAt < now - skew) {
      return invalid(`Signature expired: ${dateHeader} is now earlier than ${amzDate(now - skew)} (${amzDate(now)} - ${minutes})`)
    }
    if (signedAt > now + skew) {
      return invalid(`Signature not yet current: ${dateHeader} is still later than ${amzDate(now + skew)} (${amzDate(now)} + ${minutes})`)
    }

    const payloadHash = request.headers["x-amz-content-sha256"]
    if (payloadHash !== undefined && payloadHash !== (await sha256Hex(this.config.sha256, request.body))) {
      return invalid("The provided 'x-amz-content-sha256' header does not match what was computed.")
    }

    const headers: Record<string, string> = {}
    for (const name of parsed.signedHeaders) {
      const value = request.headers[name]
      if (value !== undefined) headers[name] = value
    }
    const signed = await (await this.signerFor(credential, parsed.region, parsed.service)).sign(
      {
        method: request.method,
        protocol: "http:",
        hostname: headers["host"] ?? "",
        path: request.path,
        query: { ...request.query },
        headers,
        body: request.body,
      },
      { signingDate: new Date(signedAt), signableHeaders: new Set(parsed.signedHeaders) },
    )
    const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers["authorization"]))?.[1] ?? ""
    if (!constantTimeEqual(parsed.signature, expected)) return invalid(SIGNATURE_MISMATCH)

    // Long-term credentials have no session token: one sent with them is not a token AWS issued.
    const token = request.headers["x-amz-security-token"]
    if (credential.sessionToken === undefined ? token !== undefined : !constantTimeEqual(token ?? "", credential.sessionToken)) {
      return fail("UnrecognizedClientException", INVALID_TOKEN)
    }
    return undefined
  }
}
