/**
 * Runs each test of the enclosing `describe` with the default credential chain cut off from the
 * machine: every variable the chain reads is cleared, home and the shared config files point into
 * an empty temporary folder, and instance metadata is disabled, so the chain can reach neither the
 * developer's profiles nor a network. Everything is restored after each test. Shared by the core's
 * credentials tests and the Effect flavor's.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterEach, beforeEach } from "vitest"

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

export const isolateCredentialChain = (prefix: string): void => {
  let saved: Record<string, string | undefined> = {}
  let dir = ""
  beforeEach(() => {
    saved = Object.fromEntries(CHAIN_VARS.map((name) => [name, process.env[name]]))
    for (const name of CHAIN_VARS) delete process.env[name]
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
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
}

/** Writes the shared credentials file of the isolated chain (`AWS_SHARED_CREDENTIALS_FILE`): a section of `key = value` lines per profile. */
export const writeSharedCredentials = (profiles: Record<string, Record<string, string>>): void =>
  fs.writeFileSync(
    process.env["AWS_SHARED_CREDENTIALS_FILE"]!,
    Object.entries(profiles)
      .map(([profile, entries]) => [`[${profile}]`, ...Object.entries(entries).map(([key, value]) => `${key} = ${value}`), ""].join("\n"))
      .join("\n"),
  )
