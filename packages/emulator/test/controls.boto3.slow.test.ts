/**
 * A whole release driven from Python (issue #18): boto3 for CodePipeline, plain HTTP signed with
 * botocore's `SigV4Auth` for the controls. The script is the "From Python" example of
 * docs/emulator.md, run as it is written there, against the emulator on a manual clock: a pipeline
 * created, a build completed with output variables, an approval, an approval timing out, throttling
 * injected, the recorded calls read. Skipped, with the reason printed, where no Python with boto3
 * is installed.
 */
import { execFileSync } from "node:child_process"
import * as Fs from "node:fs/promises"
import * as Os from "node:os"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Emulator, start } from "../src/Emulator.js"
import { findBoto3, isolatedEnv, run } from "./support/tools.js"

const python = findBoto3()
if ("missing" in python) console.log(`[controls.boto3] skipping the boto3 release: ${python.missing}`)

/** The docs' Python example: the ```python block that starts with `# release_test.py`. */
const docsExample = async (): Promise<string> => {
  const docs = await Fs.readFile(new URL("../../../docs/emulator.md", import.meta.url), "utf8")
  const block = /```python\n(# release_test\.py[\s\S]*?)```/.exec(docs)?.[1]
  if (block === undefined) throw new Error("docs/emulator.md has no ```python block starting with # release_test.py")
  return block
}

describe.skipIf("missing" in python)("a release driven from Python with boto3", () => {
  let dir: string
  let emulator: Emulator
  const found = python as { path: string; version: string }

  beforeAll(async () => {
    dir = await Fs.mkdtemp(Path.join(Os.tmpdir(), "emulator-controls-boto3-"))
    emulator = await start({ clock: "manual", startTime: Date.parse("2026-01-05T09:00:00Z"), simulatorOptions: { seed: "boto3" } })
  })
  afterAll(async () => {
    await emulator?.close()
    if (dir !== undefined) await Fs.rm(dir, { recursive: true, force: true })
  })

  it("runs the docs' Python example to its end: build, approval, timeout, throttling, recorded calls", { timeout: 180_000 }, async () => {
    const script = Path.join(dir, "release_test.py")
    await Fs.writeFile(script, await docsExample())
    const result = await run(found.path, [script], {
      ...isolatedEnv(dir, found.path),
      AWS_ENDPOINT_URL_CODEPIPELINE: emulator.url,
      AWS_DEFAULT_REGION: emulator.region,
      AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
    })
    expect(result.stderr, `${found.version}\n${result.stdout}`).toBe("")
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout.trim().split("\n").pop()!)).toMatchObject({ released: true })
    // What Python did is what the emulator saw.
    const operations = new Set(emulator.simulator.calls().map((c) => c.operation))
    expect([...operations]).toEqual(
      expect.arrayContaining(["CreatePipeline", "PutApprovalResult", "ListActionExecutions", "ListPipelines"]),
    )
  })
})

/** A `python3` that imports openapi-spec-validator, or why there is none. */
const validator = (() => {
  if ("missing" in python) return { missing: python.missing }
  try {
    execFileSync(python.path, ["-c", "import openapi_spec_validator"], { stdio: "ignore", timeout: 30_000 })
    return { path: python.path }
  } catch {
    return { missing: `${python.path} has no openapi-spec-validator` }
  }
})()
if ("missing" in validator) console.log(`[controls.boto3] skipping the OpenAPI validation: ${validator.missing}`)

describe.skipIf("missing" in validator)("the control API's OpenAPI document", () => {
  it("is valid OpenAPI 3.1 for openapi-spec-validator, as the emulator serves it", { timeout: 60_000 }, async () => {
    const emulator = await start({ auth: false })
    try {
      const served = await (await fetch(`${emulator.url}/_emulator/openapi.json`)).text()
      const check = "import json, sys\nfrom openapi_spec_validator import validate\nvalidate(json.load(sys.stdin))\nprint('valid')"
      const result = await run((validator as { path: string }).path, ["-c", check], { PATH: process.env["PATH"] ?? "" }, { input: served })
      expect(result.stderr).toBe("")
      expect(result.stdout.trim()).toBe("valid")
    } finally {
      await emulator.close()
    }
  })
})
