/**
 * `Codec.readAsServer`: a caller's value as a server reads it (validated, encoded to its wire form,
 * decoded strictly), as the in-memory layers of both flavors read every input, without JSON text.
 */
import { describe, expect, it } from "vitest"
import * as Codec from "../src/Codec.js"
import * as Operations from "../src/Operations.js"

const input = Operations.GetPipeline.input

describe("reading a caller's value as a server does", () => {
  it("gives the value decoded, sharing no object with the caller's", () => {
    const value = { name: "release", version: 2 }
    const read = Codec.readAsServer(input, value)
    expect(read).toEqual({ _tag: "Ok", value: { name: "release", version: 2 } })
    expect(read._tag === "Ok" && read.value).not.toBe(value)
  })

  it("gives the same value as decoding the JSON text the live client would send", () => {
    const value = { name: "release", version: 2, extra: undefined }
    const viaText = Codec.decode(input, JSON.parse(Codec.encodeJson(input, value)), { strict: true })
    expect(Codec.readAsServer(input, value)).toEqual({ _tag: "Ok", value: viaText._tag === "Ok" ? viaText.value : "no value" })
  })

  it("gives the first rule the value breaks", () => {
    const read = Codec.readAsServer(input, { version: 2 })
    expect(read._tag === "Invalid" && [Codec.formatPath(read.issue.path), Codec.issueMessage(read.issue)]).toEqual(["name", "is missing"])
  })

  it("validates with the caller's secrets", () => {
    const secrets: Codec.Secrets = { conceal: (s) => s, reveal: () => undefined }
    expect(Codec.readAsServer(input, { name: "release" }, secrets)._tag).toBe("Ok")
  })

  it("gives an issue, not a throw, for a value whose getter throws", () => {
    const value = {
      get name(): string {
        throw new Error("boom")
      },
    }
    expect(Codec.readAsServer(input, value)._tag).toBe("Invalid")
  })

  it("gives an issue, not a throw, for a value that answers differently on a later read", () => {
    let reads = 0
    const value = {
      get name(): unknown {
        reads++
        return reads === 1 ? "release" : 42
      },
    }
    expect(Codec.readAsServer(input, value)._tag).toBe("Invalid")
  })
})
