/**
 * What calling a credential provider needs besides caching (`Credentials`): failure messages that
 * never contain a secret, and the default chain, loaded on first use. Nothing here reaches a
 * network: the chain runs with instance metadata disabled and files in a temporary directory.
 */
import { describe, expect, it } from "vitest"
import * as Credentials from "../src/Credentials.js"
import { isolateCredentialChain, writeSharedCredentials } from "./support/isolatedCredentialChain.js"

const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
const TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKEN0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH/+=="

describe("a failure's message", () => {
  it("names the provider and says why", () => {
    expect(Credentials.failureMessage("default chain", "no credentials found")).toBe(
      "Could not load AWS credentials (default chain): no credentials found",
    )
  })

  it("has the given secrets removed, down to 4 characters", () => {
    expect(Credentials.scrubMessage("rejected tiny and abc", ["tiny", "abc", undefined])).toBe("rejected <redacted> and abc")
  })

  it("has anything shaped like a secret access key or a session token removed", () => {
    expect(Credentials.scrubMessage(`key ${SECRET} token ${TOKEN}`, [])).toBe("key <redacted> token <redacted>")
  })

  it("keeps 40 characters that are not a key (one letter case, no digit)", () => {
    const word = "a".repeat(40)
    expect(Credentials.scrubMessage(word, [])).toBe(word)
  })

  it("describes what the provider threw: an error's message or name, a string, or that it said nothing", () => {
    expect(Credentials.describeCause(new Error("denied"))).toBe("denied")
    expect(Credentials.describeCause(new TypeError(""))).toBe("TypeError")
    expect(Credentials.describeCause("plain")).toBe("plain")
    expect(Credentials.describeCause(42)).toBe("the provider failed without an error message")
  })
})

describe("the default chain", () => {
  isolateCredentialChain("core-credentials-")

  it("resolves the profile it is given from the shared credentials file", async () => {
    writeSharedCredentials({
      default: { aws_access_key_id: "AKIADEFAULT", aws_secret_access_key: "default-secret" },
      ci: { aws_access_key_id: "AKIACI", aws_secret_access_key: SECRET },
    })
    const chain = Credentials.defaultChain({ profile: "ci" })
    expect(chain.name).toBe("default chain")
    expect(await chain.resolve()).toMatchObject({ accessKeyId: "AKIACI", secretAccessKey: SECRET })
  })

  it("runs anew on every call: a changed environment is seen", async () => {
    const chain = Credentials.defaultChain()
    process.env["AWS_ACCESS_KEY_ID"] = "AKIAFIRST"
    process.env["AWS_SECRET_ACCESS_KEY"] = SECRET
    expect(await chain.resolve()).toMatchObject({ accessKeyId: "AKIAFIRST" })
    process.env["AWS_ACCESS_KEY_ID"] = "AKIASECOND"
    expect(await chain.resolve()).toMatchObject({ accessKeyId: "AKIASECOND" })
  })

  it("names the environment's secrets as those its failures may quote", () => {
    process.env["AWS_SECRET_ACCESS_KEY"] = SECRET
    process.env["AWS_SESSION_TOKEN"] = TOKEN
    expect(Credentials.defaultChain().secrets()).toEqual([SECRET, TOKEN])
  })

  it("with nothing configured, rejects", async () => {
    await expect(Credentials.defaultChain().resolve()).rejects.toBeDefined()
  })
})

describe("credentials revealed once", () => {
  it("reveal each credentials object once and give the same plain object on every call", () => {
    let reveals = 0
    const plain = Credentials.revealedOnce((c: { readonly id: string }) => {
      reveals++
      return { accessKeyId: c.id, secretAccessKey: "secret" }
    })
    const first = { id: "a" }
    expect(plain(first)).toBe(plain(first))
    expect(plain({ id: "b" }).accessKeyId).toBe("b")
    expect(reveals).toBe(2)
  })
})
