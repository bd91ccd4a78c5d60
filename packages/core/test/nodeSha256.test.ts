/**
 * `NodeSha256`: the digests of `@smithy/hash-node`'s `Hash` (which it replaces under the signer
 * and the emulator's checks), with HMAC keys handed to `node:crypto` as `KeyObject`s, so that no
 * HMAC raises an exception inside Node (Node 24 raised and caught two per HMAC keyed with bytes).
 */
import { Session } from "node:inspector"
import { Hash } from "@smithy/hash-node"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { makeNodeSha256, type SourceData } from "../src/NodeSha256.js"
import { Signer } from "../src/Signer.js"

type Encoding = "utf8" | "ascii" | "latin1" | undefined
type Chunk = { readonly data: SourceData; readonly encoding: Encoding }

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex")

const reference = async (key: SourceData | undefined, chunks: ReadonlyArray<Chunk>): Promise<string> => {
  const hash = new Hash("sha256", key)
  for (const chunk of chunks) hash.update(chunk.data, chunk.encoding)
  return hex(await hash.digest())
}

const digest = async (Sha256: ReturnType<typeof makeNodeSha256>, key: SourceData | undefined, chunks: ReadonlyArray<Chunk>) => {
  const hash = new Sha256(key)
  for (const chunk of chunks) hash.update(chunk.data, chunk.encoding)
  return hex(await hash.digest())
}

/** Bytes as every form `SourceData` takes: a Uint8Array, a view into a larger buffer, an ArrayBuffer, a DataView. */
const bytesIn = (form: number, bytes: Uint8Array): SourceData => {
  switch (form) {
    case 0:
      return bytes
    case 1: {
      const larger = new Uint8Array(bytes.length + 6)
      larger.set(bytes, 3)
      return larger.subarray(3, 3 + bytes.length)
    }
    case 2:
      return bytes.slice().buffer
    default: {
      const larger = new Uint8Array(bytes.length + 4)
      larger.set(bytes, 2)
      return new DataView(larger.buffer, 2, bytes.length)
    }
  }
}

const sourceData: fc.Arbitrary<SourceData> = fc.oneof(
  fc.fullUnicodeString({ maxLength: 80 }),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.uint8Array({ maxLength: 80 })).map(([form, bytes]) => bytesIn(form, bytes)),
)
const chunk: fc.Arbitrary<Chunk> = fc.oneof(
  fc.record({ data: sourceData, encoding: fc.constant(undefined) }),
  fc.record({ data: fc.string({ maxLength: 40 }), encoding: fc.constantFrom<Encoding>("utf8", "ascii", "latin1") }),
)

/** Counts the exceptions raised (caught or not) while `run` runs, by the inspector's pause on every exception. */
const exceptionsDuring = async (run: () => Promise<unknown>): Promise<Array<string>> => {
  const session = new Session()
  session.connect()
  const raised: Array<string> = []
  session.on("Debugger.paused", (message) => {
    raised.push(String((message.params.data as { description?: string } | undefined)?.description ?? message.params.reason).split("\n")[0]!)
    session.post("Debugger.resume")
  })
  session.post("Debugger.enable")
  session.post("Debugger.setPauseOnExceptions", { state: "all" })
  try {
    await run()
  } finally {
    session.post("Debugger.disable")
    session.disconnect()
  }
  return raised
}

describe("NodeSha256", () => {
  it("gives @smithy/hash-node's digests, for any key (none, text, bytes in any form) and any data", async () => {
    // One constructor for every run, so that its kept keys meet a new key, the same key, and the
    // same bytes in another form.
    const Sha256 = makeNodeSha256()
    await fc.assert(
      fc.asyncProperty(fc.option(sourceData, { nil: undefined }), fc.array(chunk, { maxLength: 4 }), async (key, chunks) => {
        expect(await digest(Sha256, key, chunks)).toBe(await reference(key, chunks))
        expect(await digest(Sha256, key, chunks)).toBe(await reference(key, chunks))
      }),
      { numRuns: 300 },
    )
  })

  it("an empty text key means no key, as in @smithy/hash-node", async () => {
    const chunks = [{ data: "payload", encoding: undefined }]
    expect(await digest(makeNodeSha256(), "", chunks)).toBe(await reference(undefined, chunks))
  })

  it("a key buffer changed after use is used as it is now, not as it was", async () => {
    const Sha256 = makeNodeSha256()
    const key = new Uint8Array(32).fill(1)
    const chunks = [{ data: "payload", encoding: undefined }]
    expect(await digest(Sha256, key, chunks)).toBe(await reference(new Uint8Array(32).fill(1), chunks))
    key.fill(2)
    expect(await digest(Sha256, key, chunks)).toBe(await reference(new Uint8Array(32).fill(2), chunks))
  })

  it("reset starts the hash over, with the same key", async () => {
    const hash = new (makeNodeSha256())("key")
    hash.update("discarded")
    hash.reset()
    hash.update("kept")
    expect(hex(await hash.digest())).toBe(await reference("key", [{ data: "kept", encoding: undefined }]))
  })

  it("the exception count sees an exception that is caught (it counts something)", async () => {
    const raised = await exceptionsDuring(async () => {
      try {
        JSON.parse("not json")
      } catch {}
    })
    expect(raised).toHaveLength(1)
  })

  it("an HMAC, with a text key or with bytes, raises no exception inside node:crypto", async () => {
    const Sha256 = makeNodeSha256()
    const raised = await exceptionsDuring(async () => {
      for (const key of ["AWS4secret", new Uint8Array(32).fill(7), "AWS4secret", new Uint8Array(32).fill(7)]) {
        const hash = new Sha256(key)
        hash.update("string to sign")
        await hash.digest()
      }
    })
    expect(raised).toEqual([])
  })

  it("signing requests raises no exception", async () => {
    const signer = new Signer("eu-west-1", "codepipeline")
    const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" }
    const url = new URL("https://codepipeline.eu-west-1.amazonaws.com/")
    const raised = await exceptionsDuring(async () => {
      for (const now of [Date.parse("2026-12-05T10:00:00Z"), Date.parse("2026-12-05T10:00:01Z"), Date.parse("2026-12-06T10:00:00Z")]) {
        await signer.sign(credentials, url, { host: url.host, "x-amz-target": "CodePipeline_20150709.ListPipelines" }, "{}", now)
      }
    })
    expect(raised).toEqual([])
  })
})
