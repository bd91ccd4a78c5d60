/**
 * Differential checks of the hot path's shortcuts against what they replace (`npm run bench --
 * --verify`, or `node bench/.out/verify.js` after a build). Prints a summary; exits 1 on the first
 * difference.
 *
 * - signer: the core's `Signer.sign` (`@smithy/signature-v4`'s building blocks composed as
 *   `SignatureV4#signRequest` does, plus the clock-skew offset) against a plain `SignatureV4` on
 *   random headers, bodies, dates and credentials: the same headers, in the same order, byte for byte;
 *
 * (The input codec's agreement with the exported schemas is a test: `test/properties.codec.test.ts`.)
 */
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import { Signer } from "@effect-codepipeline/core/Signer"
import * as fc from "fast-check"

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
      "x-custom",
      "X-Custom-Upper",
      "proxy-authorization",
      "sec-fetch",
      "x-amzn-trace-id",
      "expect",
      "amz-sdk-request",
      "Date",
      "date",
      "X-Amz-Date",
      "authorization",
      "x-amz-content-sha256",
      "X-Amz-Content-Sha256",
      "x-amz-security-token",
      "Content-Type",
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
        secretAccessKey: c.secretAccessKey,
        ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
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
        credentials: {
          accessKeyId: c.accessKeyId,
          secretAccessKey: c.secretAccessKey,
          ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
        },
        sha256,
      }).sign(
        {
          method: "POST",
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port ? Number(url.port) : undefined,
          path: url.pathname,
          query: {},
          headers: { ...headers },
          body: c.body,
        },
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

const main = async () => {
  const t0 = performance.now()
  const signed = await verifySigner()
  console.log(`verify: signer identical on ${signed} requests; ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
