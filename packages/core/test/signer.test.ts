/**
 * Signing (`Signer`): exactly what `@smithy/signature-v4` signs, plus the clock-skew correction the
 * official SDK applies (a response's `Date` five minutes or more away from the local clock moves the
 * signing clock to the service's).
 */
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { SKEW_THRESHOLD_MILLIS, Signer } from "../src/Signer.js"

const UNSIGNABLE = new Set(["user-agent", "amz-sdk-invocation-id", "amz-sdk-request", "content-length"])
const sha256 = Hash.bind(null, "sha256") as any
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" }
const url = new URL("https://codepipeline.us-east-1.amazonaws.com/")
const now = Date.parse("2024-06-01T12:00:00Z")
const headers = () => ({
  host: url.host,
  "content-type": "application/x-amz-json-1.1",
  "x-amz-target": "CodePipeline_20150709.ListPipelines",
})

describe("signing", () => {
  it("gives the headers @smithy/signature-v4 gives, in the same order, leaving the SDK's informational headers unsigned", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          secretAccessKey: fc.string({ minLength: 1, maxLength: 40 }),
          sessionToken: fc.option(fc.string({ minLength: 1, maxLength: 60 }), { nil: undefined }),
          millis: fc.integer({ min: 0, max: 4_102_444_800_000 }),
          body: fc.fullUnicodeString(),
          userAgent: fc.string(),
        }),
        async (c) => {
          const identity = {
            accessKeyId: "AKID",
            secretAccessKey: c.secretAccessKey,
            ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
          }
          const request = { ...headers(), "user-agent": c.userAgent, "amz-sdk-request": "attempt=1; max=3" }
          const ours = await new Signer("us-east-1", "codepipeline").sign(identity, url, { ...request }, c.body, c.millis)
          const reference = await new SignatureV4({ service: "codepipeline", region: "us-east-1", credentials: identity, sha256 }).sign(
            {
              method: "POST",
              protocol: url.protocol,
              hostname: url.hostname,
              path: url.pathname,
              query: {},
              headers: { ...request },
              body: c.body,
            },
            { signingDate: new Date(c.millis), unsignableHeaders: UNSIGNABLE },
          )
          expect(Object.entries(ours)).toEqual(Object.entries(reference.headers))
          expect(ours["authorization"]).not.toMatch(/user-agent|amz-sdk-request/)
        },
      ),
      { numRuns: 50 },
    )
  })

  it("adds the session token header when the credentials have one", async () => {
    const signed = await new Signer("us-east-1", "codepipeline").sign({ ...credentials, sessionToken: "TOKEN" }, url, headers(), "{}", now)
    expect(signed["x-amz-security-token"]).toBe("TOKEN")
  })

  it("leaves the given headers as they are", async () => {
    const given = headers()
    await new Signer("us-east-1", "codepipeline").sign(credentials, url, given, "{}", now)
    expect(given).toEqual(headers())
  })
})

describe("the clock-skew correction", () => {
  const dateOf = (signed: Record<string, string>) => signed["x-amz-date"]

  it("a Date within five minutes of the local clock changes nothing", () => {
    const signer = new Signer("us-east-1", "codepipeline")
    expect(signer.correct(new Date(now + SKEW_THRESHOLD_MILLIS - 1000).toUTCString(), now)).toBe(false)
    expect(signer.offset).toBe(0)
  })

  it("a Date five minutes or more away moves the signing clock to the service's", async () => {
    const signer = new Signer("us-east-1", "codepipeline")
    const server = now + 3_600_000
    expect(signer.correct(new Date(server).toUTCString(), now)).toBe(true)
    expect(signer.offset).toBe(3_600_000)
    expect(dateOf(await signer.sign(credentials, url, headers(), "{}", now))).toBe("20240601T130000Z")
  })

  it("once corrected, the service's clock is the reference: the same Date again is no change", () => {
    const signer = new Signer("us-east-1", "codepipeline")
    const date = new Date(now - 600_000).toUTCString()
    expect(signer.correct(date, now)).toBe(true)
    expect(signer.correct(date, now)).toBe(false)
  })

  it("the same Date received later is judged against the later local time", () => {
    const signer = new Signer("us-east-1", "codepipeline")
    const date = new Date(now).toUTCString()
    expect(signer.correct(date, now)).toBe(false)
    expect(signer.correct(date, now + SKEW_THRESHOLD_MILLIS + 1000)).toBe(true)
    expect(signer.offset).toBe(-(SKEW_THRESHOLD_MILLIS + 1000))
  })

  it("no Date, or one that does not parse, changes nothing", () => {
    const signer = new Signer("us-east-1", "codepipeline")
    expect(signer.correct(undefined, now)).toBe(false)
    expect(signer.correct("yesterday", now)).toBe(false)
    expect(signer.correct("yesterday", now)).toBe(false)
    expect(signer.offset).toBe(0)
  })
})
