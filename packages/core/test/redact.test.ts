/**
 * Server text kept in errors (`Redact`): cleared of the secrets of the credentials that signed the
 * request, capped, and copied. The rule: every run of the text covered by windows of
 * `min(8, secret length)` characters taken from the secret access key or the session token (or their
 * URL-encoded forms) is replaced by `***`.
 */
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import { describe, expect, it } from "vitest"
import * as Redact from "../src/Redact.js"

const redactSecrets = Redact.redactSecrets

describe("the redaction rule", () => {
  const secret = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/=="

  it("text without the secret comes back as it is", () => {
    expect(redactSecrets("The pipeline was not found", [secret])).toBe("The pipeline was not found")
  })

  it("a piece of 8 characters or more is replaced; a piece of 7 is left", () => {
    expect(redactSecrets(`x${secret.slice(3, 11)}y`, [secret])).toBe("x***y")
    expect(redactSecrets(`x${secret.slice(3, 10)}y`, [secret])).toBe(`x${secret.slice(3, 10)}y`)
  })

  it("a secret shorter than 8 characters is replaced wherever it occurs whole", () => {
    expect(redactSecrets("a-tok-b-tok", ["tok"])).toBe("a-***-b-***")
  })

  it("adjacent and overlapping pieces become one ***", () => {
    expect(redactSecrets(`${secret.slice(0, 20)}${secret.slice(10, 30)}!`, [secret])).toBe("***!")
  })
})

describe("the scrubber of the credentials that signed a request", () => {
  const credentials = {
    accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    sessionToken: "FwoGZXIvYXdzSESSION/TOKEN+with=padding==",
  }
  const scrub = Redact.scrubFor(credentials)

  it("removes the secret access key and the session token, whole or in part", () => {
    expect(scrub(`key ${credentials.secretAccessKey} token ${credentials.sessionToken.slice(4, 30)}`, 4096)).toBe("key *** token ***")
  })

  it("removes their URL-encoded forms", () => {
    expect(scrub(`token=${encodeURIComponent(credentials.sessionToken)}`, 4096)).toBe("token=***")
  })

  it("leaves the access key id, which is no secret", () => {
    expect(scrub(`Credential=${credentials.accessKeyId}/20240101`, 4096)).toBe("Credential=AKIDEXAMPLE/20240101")
  })

  it("is made once per credentials object", () => {
    expect(Redact.scrubFor(credentials)).toBe(scrub)
  })

  it("with no credentials, caps and copies only", () => {
    expect(Redact.scrubFor(undefined)).toBe(Redact.scrubPlain)
    expect(Redact.scrubPlain(credentials.secretAccessKey, 4096)).toBe(credentials.secretAccessKey)
  })

  it("a scrubber of several secrets removes each", () => {
    expect(Redact.scrubber(["first-secret", "second-secret"])("a first-secret b second-secret c", 100)).toBe("a *** b *** c")
  })
})

describe("what is kept of a server's text is bounded", () => {
  it("text within the limit comes back as it is", () => {
    expect(Redact.scrubPlain("The pipeline was not found", 4096)).toBe("The pipeline was not found")
  })

  it("longer text keeps its first `max` characters and says how many more there were", () => {
    expect(Redact.scrubPlain("m".repeat(10_000), 4096)).toBe(`${"m".repeat(4096)}… (5904 more characters)`)
  })

  it("a cut never splits a surrogate pair", () => {
    expect(Redact.scrubPlain("ab😀cd", 3)).toBe("ab… (4 more characters)")
  })

  it("a secret cut in two by the limit: the piece kept is removed if it is 8 characters or more", () => {
    const secret = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/=="
    const scrub = Redact.scrubber([secret])
    expect(scrub(`see ${secret}`, 16)).toBe("see ***… (28 more characters)")
  })

  it("the text kept does not keep a 10 MB string alive", () => {
    V8.setFlagsFromString("--expose-gc")
    const gc = Vm.runInNewContext("gc") as () => void
    gc()
    const before = process.memoryUsage().heapUsed
    const kept = Array.from({ length: 8 }, (_, i) => Redact.scrubPlain(String(i).repeat(10_000_000), 4096))
    gc()
    const retained = process.memoryUsage().heapUsed - before
    expect(kept.every((s) => s.length < 4200)).toBe(true)
    // Eight 10 MB strings kept whole would be 80 MB.
    expect(retained).toBeLessThan(8_000_000)
  })
})
