/**
 * Differential checks of the hot path's shortcuts against what they replace (`npm run bench --
 * --verify`, or `node bench/.out/verify.js` after a build). Prints a summary; exits 1 on the first
 * difference.
 *
 * - signer: `Signer.sign` (which wraps `@smithy/signature-v4` and adds the clock-skew offset and a
 *   signer per credentials) against a plain `SignatureV4` on random headers, bodies, dates and
 *   credentials: the same headers, in the same order, byte for byte;
 * - encode: `encodeInput` (fast path first) against the reference (`nonPlainObjectPath`, then
 *   `Schema.encodeUnknownEither`) for the input of every operation, on values generated from the
 *   schema and on the same values broken at random places: the same success and JSON, or the same
 *   error.
 */
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { InputValidationError } from "../src/errors/common.js"
import { formatPath } from "../src/services/internal/decode.js"
import { encodeInput, toInputValidationError } from "../src/services/internal/encode.js"
import { nonPlainObjectPath } from "../src/services/internal/plainObjects.js"
import { Signer } from "../src/services/internal/signer.js"
import { operations } from "../src/services/operations.js"

const RUNS = Number(process.env["VERIFY_RUNS"] ?? 300)
const fail = (what: string, detail: unknown): never => {
  console.error(`verify: ${what} differs\n${typeof detail === "string" ? detail : JSON.stringify(detail, null, 2)}`)
  process.exit(1)
}

// -----------------------------------------------------------------------------------------------
// signer
// -----------------------------------------------------------------------------------------------

const UNSIGNABLE = new Set(["user-agent", "amz-sdk-invocation-id", "amz-sdk-request", "content-length"])
const sha256 = Hash.bind(null, "sha256") as any

const headerValue = fc.oneof(
  fc.string(),
  fc.stringOf(fc.constantFrom(" ", "\t", "\r", "\n", "a", "B", "é", "/", ";", "=")),
  fc.fullUnicodeString(),
)
const signerCase = fc.record({
  accessKeyId: fc.stringOf(fc.constantFrom("A", "K", "I", "D", "0", "9"), { minLength: 1, maxLength: 20 }),
  secretAccessKey: fc.string({ minLength: 1, maxLength: 40 }),
  sessionToken: fc.option(fc.string({ minLength: 1, maxLength: 60 }), { nil: undefined }),
  region: fc.constantFrom("us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"),
  millis: fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constant(Date.now())),
  body: fc.oneof(fc.string(), fc.fullUnicodeString(), fc.constant(""), fc.constant("\ud800x")),
  userAgent: headerValue,
  target: headerValue,
  extra: fc.dictionary(
    fc.constantFrom(
      "x-custom", "X-Custom-Upper", "proxy-authorization", "sec-fetch", "x-amzn-trace-id", "expect", "amz-sdk-request", "Date", "date",
      "X-Amz-Date", "authorization", "x-amz-content-sha256", "X-Amz-Content-Sha256", "x-amz-security-token", "Content-Type",
    ),
    headerValue,
  ),
  host: fc.constantFrom("codepipeline.us-east-1.amazonaws.com", "127.0.0.1:4566", "[::1]:8080"),
  path: fc.constantFrom("/", "/", "/a/b", "/a/./b/../c/", "/%20x/", "/foo bar", "//double//", "/..", "/é/ü", "/a!b(c)*'"),
})

const verifySigner = async () => {
  let n = 0
  await fc.assert(
    fc.asyncProperty(signerCase, async (c) => {
      const credentials = {
        accessKeyId: c.accessKeyId,
        secretAccessKey: Redacted.make(c.secretAccessKey),
        ...(c.sessionToken ? { sessionToken: Redacted.make(c.sessionToken) } : {}),
      }
      const url = new URL(`http://${c.host}${c.path}`)
      const headers: Record<string, string> = {
        host: url.host,
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": c.target,
        "content-length": String(Buffer.byteLength(c.body)),
        "user-agent": c.userAgent,
        ...c.extra,
      }
      const ours = await new Signer(c.region, "codepipeline").sign(credentials, url, { ...headers }, c.body, c.millis)
      const reference = await new SignatureV4({
        service: "codepipeline",
        region: c.region,
        credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) },
        sha256,
      }).sign(
        { method: "POST", protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: url.pathname, query: {}, headers: { ...headers }, body: c.body },
        { signingDate: new Date(c.millis), unsignableHeaders: UNSIGNABLE },
      )
      const a = JSON.stringify(Object.entries(ours))
      const b = JSON.stringify(Object.entries(reference.headers))
      if (a !== b) fail("signer", { case: c, ours, reference: reference.headers })
      n++
    }),
    { numRuns: RUNS * 3 },
  )
  return n
}

// -----------------------------------------------------------------------------------------------
// encode
// -----------------------------------------------------------------------------------------------

/**
 * `encodeInput` as it was before the fast path: the plain-object check, then Schema. The mutations
 * below never add symbol keys, which `encodeInput` now ignores where Schema rejects them (by
 * design; `test/encode.test.ts`).
 */
const referenceEncode = (operation: (typeof operations)[keyof typeof operations], input: unknown) => {
  const notPlain = nonPlainObjectPath(operation.input.ast, input)
  if (notPlain !== undefined) return { plain: formatPath(notPlain) }
  return Either.mapLeft(Schema.encodeUnknownEither(operation.input as Schema.Schema<any, any>, { errors: "first", onExcessProperty: "error" })(input), (e) =>
    toInputValidationError(operation.name, e),
  )
}

const JUNK: ReadonlyArray<() => unknown> = [
  () => "",
  () => "x".repeat(3000),
  () => -1,
  () => 1.5,
  () => 2 ** 40,
  () => Number.NaN,
  () => null,
  () => true,
  () => ({}),
  () => [],
  () => new Map(),
  () => new Date(Number.NaN),
  () => new Date(0),
  () => Redacted.make("s"),
  () => Object.create(null),
  () => ({ notAMember: 1 }),
  () => "🎉".repeat(60),
]

/** A copy of `value` with the node at a random path replaced (or given an extra member). */
const mutate = (value: unknown, rnd: () => number): unknown => {
  if (value === null || typeof value !== "object" || value instanceof Date || Redacted.isRedacted(value)) {
    return JUNK[Math.floor(rnd() * JUNK.length)]!()
  }
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) }
  const keys = Object.keys(copy)
  const r = rnd()
  if (keys.length === 0 || r < 0.1) {
    copy[Array.isArray(copy) ? copy.length : "notAMember"] = JUNK[Math.floor(rnd() * JUNK.length)]!()
    return copy
  }
  if (r < 0.2 && !Array.isArray(copy)) {
    delete copy[keys[Math.floor(rnd() * keys.length)]!]
    return copy
  }
  const key = keys[Math.floor(rnd() * keys.length)]!
  copy[key] = rnd() < 0.5 ? mutate(copy[key], rnd) : JUNK[Math.floor(rnd() * JUNK.length)]!()
  return copy
}

const describeResult = (r: unknown): string => {
  if (typeof r === "object" && r !== null && "plain" in r) return `plain-object error at ${(r as { plain: string }).plain}`
  const e = r as Either.Either<unknown, InputValidationError>
  return Either.isRight(e) ? `ok ${JSON.stringify(e.right)}` : `error ${e.left.path} ${e.left.message}`
}

const verifyEncode = () => {
  let valid = 0
  let invalid = 0
  for (const operation of Object.values(operations)) {
    const arbitrary = Arbitrary.make(operation.input as Schema.Schema<any, any>)
    fc.assert(
      fc.property(arbitrary, fc.integer(), fc.integer({ min: 0, max: 3 }), (value, seed, times) => {
        let s = seed
        const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
        let input: unknown = value
        for (let i = 0; i < times; i++) input = mutate(input, rnd)
        const ours = encodeInput(operation as any, input)
        const reference = referenceEncode(operation, input)
        const a = describeResult(Either.isLeft(ours) && ours.left.message.includes("Expected a plain object") ? { plain: ours.left.path } : ours)
        const b = describeResult(reference)
        if (a !== b) fail(`encode of ${operation.name}`, `input: ${String(JSON.stringify(input)).slice(0, 2000)}\nours:      ${a.slice(0, 1000)}\nreference: ${b.slice(0, 1000)}`)
        if (Either.isRight(ours)) valid++
        else invalid++
      }),
      { numRuns: RUNS },
    )
  }
  return { valid, invalid }
}

const main = async () => {
  const t0 = performance.now()
  const signed = await verifySigner()
  const { valid, invalid } = verifyEncode()
  console.log(
    `verify: signer identical on ${signed} requests; encodeInput identical on ${valid + invalid} inputs of ${Object.keys(operations).length} operations (${valid} valid, ${invalid} invalid); ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  )
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
