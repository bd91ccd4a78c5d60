/**
 * What calling a credential provider needs besides caching (`Credentials`): failure messages that
 * never contain a secret, and the default chain, loaded on first use. Nothing here reaches a
 * network: the chain runs with instance metadata disabled and files in a temporary directory.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import * as Credentials from "../src/Credentials.js"

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

const CHAIN_VARS = [
  "HOME",
  "USERPROFILE",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_EC2_METADATA_DISABLED",
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
]

describe("the default chain", () => {
  let saved: Record<string, string | undefined> = {}
  let dir = ""

  beforeEach(() => {
    saved = Object.fromEntries(CHAIN_VARS.map((name) => [name, process.env[name]]))
    for (const name of CHAIN_VARS) delete process.env[name]
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "core-credentials-"))
    process.env["HOME"] = dir
    process.env["USERPROFILE"] = dir
    process.env["AWS_CONFIG_FILE"] = path.join(dir, "config")
    process.env["AWS_SHARED_CREDENTIALS_FILE"] = path.join(dir, "credentials")
    process.env["AWS_EC2_METADATA_DISABLED"] = "true"
  })

  afterEach(() => {
    for (const name of CHAIN_VARS) {
      const value = saved[name]
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it("resolves the profile it is given from the shared credentials file", async () => {
    fs.writeFileSync(
      path.join(dir, "credentials"),
      [
        "[default]",
        "aws_access_key_id = AKIADEFAULT",
        "aws_secret_access_key = default-secret",
        "",
        "[ci]",
        "aws_access_key_id = AKIACI",
        `aws_secret_access_key = ${SECRET}`,
        "",
      ].join("\n"),
    )
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
