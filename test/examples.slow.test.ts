/** The README's demo (`npm start`) and the examples run as a newcomer runs them, on Effect 4, and say what they should. */
import { execFile } from "node:child_process"
import { describe, expect, it } from "@effect/vitest"

const run = (file: string) =>
  new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", file],
      { cwd: new URL("..", import.meta.url).pathname, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${file} failed: ${error.message}\n${stderr}`)) : resolve(stdout)),
    )
  })

describe("examples", () => {
  it("the demo drives a release through a custom job and an approval to success", async () => {
    const out = await run("examples/demo.ts")
    expect(out).toContain("worker: finished compiling (continued from compiled-50%)")
    expect(out).toContain("release manager: approving")
    expect(out).toContain("Execution Succeeded.")
    expect(out).toContain('Output variables of Compile: {"VERSION":"2.4.0"}')
  })

  it("errors.ts handles each failure by tag", async () => {
    const out = await run("examples/errors.ts")
    expect(out).toContain("missing: no such pipeline")
    expect(out).toContain("busy: throttled, request req-1")
    expect(out).toContain("bad input at name")
  })

  it("retries.ts succeeds after throttling", async () => {
    expect(await run("examples/retries.ts")).toContain("after 3 attempts")
  })

  it("pagination.ts reads every page", async () => {
    const out = await run("examples/pagination.ts")
    expect(out).toContain("build, deploy, docs, release, website")
    expect(out).toContain("pages requested: 3")
  })
})
