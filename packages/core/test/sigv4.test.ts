/**
 * The signer `Signer` uses (`composedSigner`, `SignatureV4#signRequest`'s steps composed from
 * `@smithy/signature-v4`'s building blocks) gives exactly the headers of the library's public
 * signer (`plainSigner`, `SignatureV4#sign`), for any request, credentials and date (header names
 * in any case, though the SDK's are lower-case).
 */
import * as fc from "fast-check"
import { describe, expect, it, vi } from "vitest"
import { checkKnownAnswer, composedSigner, KNOWN_ANSWER, plainSigner, type Request } from "../src/internal/sigv4.js"
import { makeNodeSha256 } from "../src/NodeSha256.js"

const UNSIGNABLE = new Set(["user-agent", "amz-sdk-invocation-id", "amz-sdk-request", "content-length"])
const signers = (region = "eu-west-1", service = "codepipeline") => ({
  composed: composedSigner(region, service, makeNodeSha256(), UNSIGNABLE),
  plain: plainSigner(region, service, makeNodeSha256(), UNSIGNABLE),
})

const headerName = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
  fc.constantFrom(
    "user-agent",
    "amz-sdk-request",
    "content-length",
    "proxy-authorization",
    "sec-fetch-mode",
    "x-amzn-trace-id",
    "x-amz-content-sha256",
    "authorization",
    "date",
    "x-amz-date",
    "x-amz-security-token",
    "X-Amz-Content-Sha256",
    "Authorization",
    "X-Amz-Date",
  ),
)
// Values with the whitespace the canonical form folds: runs of spaces and tabs, line breaks, edges.
const headerValue = fc
  .array(fc.constantFrom("a", "Z", "0", " ", "\t", "\n", "\r", ";", "=", "/", "é"), { maxLength: 20 })
  .map((cs) => cs.join(""))

const request: fc.Arbitrary<Request> = fc.record({
  method: fc.constantFrom("POST", "GET", "PUT", "DELETE"),
  protocol: fc.constant("https:"),
  hostname: fc.constantFrom("codepipeline.eu-west-1.amazonaws.com", "127.0.0.1"),
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  path: fc
    .array(fc.oneof(fc.constantFrom("", ".", "..", "a b", "%2F", "é", "_emulator"), fc.string({ maxLength: 6 })), { maxLength: 5 })
    .map((segments) => `/${segments.join("/")}`),
  query: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
  headers: fc
    .dictionary(headerName, headerValue, { maxKeys: 8 })
    .map((headers) => ({ host: "codepipeline.eu-west-1.amazonaws.com", ...headers })),
  body: fc.fullUnicodeString({ maxLength: 200 }),
})

const credentials = fc.record({
  accessKeyId: fc.stringMatching(/^[A-Z0-9]{4,20}$/),
  // Any text, so that keys and tokens beyond ASCII are encoded as the library encodes them.
  secretAccessKey: fc.fullUnicodeString({ minLength: 1, maxLength: 40 }),
  sessionToken: fc.option(fc.fullUnicodeString({ minLength: 1, maxLength: 40 }), { nil: undefined }),
})
const date = fc.integer({ min: 0, max: 4_102_444_800_000 }).map((millis) => new Date(millis))

describe("the composed signer", () => {
  it("gives the headers of SignatureV4#sign, in the same order, for any request, credentials and date", async () => {
    const { composed, plain } = signers()
    await fc.assert(
      fc.asyncProperty(request, credentials, date, async (r, c, d) => {
        expect(Object.entries(await composed(c, r, d))).toEqual(Object.entries(await plain(c, r, d)))
      }),
      { numRuns: 300 },
    )
  })

  it("keeps signing right when the same credentials sign in other seconds and on other days, and other credentials in between", async () => {
    const { composed, plain } = signers("us-east-1")
    const kept = [
      { accessKeyId: "AKIDONE", secretAccessKey: "one" },
      { accessKeyId: "AKIDTWO", secretAccessKey: "two", sessionToken: "token" },
    ]
    await fc.assert(
      fc.asyncProperty(
        // Times within the same few seconds as often as spread over the day: the date is formatted
        // once a second.
        fc.array(
          fc.tuple(
            fc.constantFrom(0, 1),
            fc.integer({ min: 0, max: 3 }),
            fc.oneof(fc.integer({ min: 0, max: 2_999 }), fc.integer({ min: 0, max: 86_399_999 })),
          ),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        request,
        async (calls, r) => {
          for (const [which, day, millis] of calls) {
            const d = new Date(Date.UTC(2026, 11, 1 + day) + millis)
            const c = kept[which]!
            expect(await composed(c, r, d)).toEqual(await plain(c, r, d))
          }
        },
      ),
      { numRuns: 50 },
    )
  })

  it("derives the signing key once per credentials and day: later signatures that day make one HMAC", async () => {
    const Sha256 = makeNodeSha256()
    let keyed = 0
    const counting = class extends Sha256 {
      constructor(key?: ConstructorParameters<typeof Sha256>[0]) {
        super(key)
        if (key !== undefined) keyed++
      }
    }
    const sign = composedSigner("eu-west-1", "codepipeline", counting, UNSIGNABLE)
    const credentials = { accessKeyId: "AKID", secretAccessKey: "secret" }
    const day = Date.UTC(2026, 11, 6)
    await sign(credentials, minimalRequest(), new Date(day))
    keyed = 0
    await sign(credentials, minimalRequest(), new Date(day + 3_600_000))
    expect(keyed).toBe(1)
    await sign(credentials, minimalRequest(), new Date(day + 86_400_000))
    expect(keyed).toBeGreaterThan(2)
  })

  it("leaves the given headers as they are", async () => {
    const { composed } = signers()
    const headers = { host: "example.com", date: "yesterday", "x-amz-date": "then" }
    await composed({ accessKeyId: "AKID", secretAccessKey: "secret" }, { ...minimalRequest(), headers }, new Date(0))
    expect(headers).toEqual({ host: "example.com", date: "yesterday", "x-amz-date": "then" })
  })

  it("rejects credentials that are not strings, as SignatureV4 does", async () => {
    const { composed, plain } = signers()
    const bad = { accessKeyId: 1, secretAccessKey: "secret" } as any
    await expect(composed(bad, minimalRequest(), new Date(0))).rejects.toThrow("Resolved credential object is not valid")
    await expect(plain(bad, minimalRequest(), new Date(0))).rejects.toThrow("Resolved credential object is not valid")
  })
})

describe("the known-answer check before the first signature", () => {
  const { region, service, unsignable, credentials, request, date } = KNOWN_ANSWER

  it("the known answer is the signature SignatureV4#sign gives the known request", async () => {
    const signed = await plainSigner(region, service, makeNodeSha256(), unsignable)(credentials, request, new Date(date))
    expect(signed["authorization"]).toMatch(new RegExp(`, Signature=${KNOWN_ANSWER.signature}$`))
  })

  it("passes for the library's own signer", async () => {
    await expect(checkKnownAnswer(plainSigner(region, service, makeNodeSha256(), unsignable))).resolves.toBeUndefined()
  })

  it("fails, naming the library, when the building blocks sign differently", async () => {
    const elsewhere = plainSigner("eu-west-1", service, makeNodeSha256(), unsignable)
    await expect(checkKnownAnswer(elsewhere)).rejects.toThrow(
      "@smithy/signature-v4's building blocks no longer sign as its SignatureV4 does (a known-answer check)",
    )
  })

  it("keeps the SDK's signer from signing when a release of the library derives keys differently", async () => {
    vi.resetModules()
    vi.doMock("@smithy/signature-v4", async (original) => ({
      ...(await original<typeof import("@smithy/signature-v4")>()),
      getSigningKey: async () => new Uint8Array(32),
    }))
    try {
      const changed = await import("../src/internal/sigv4.js")
      const sign = changed.composedSigner("eu-west-1", "codepipeline", makeNodeSha256(), UNSIGNABLE)
      await expect(sign({ accessKeyId: "AKID", secretAccessKey: "secret" }, minimalRequest(), new Date(0))).rejects.toThrow(
        "no longer sign as its SignatureV4 does",
      )
    } finally {
      vi.doUnmock("@smithy/signature-v4")
      vi.resetModules()
    }
  })

  it("fails with the building blocks' own error when they throw", async () => {
    const throwing = async () => {
      throw new TypeError("getSigningKey is not a function")
    }
    await expect(checkKnownAnswer(throwing)).rejects.toThrow("(a known-answer check failed: getSigningKey is not a function)")
  })
})

const minimalRequest = (): Request => ({
  method: "POST",
  protocol: "https:",
  hostname: "example.com",
  port: undefined,
  path: "/",
  query: {},
  headers: { host: "example.com" },
  body: "{}",
})
