// The benchmarks run: `npm run bench -- --quick --no-write` (few iterations, bench/RESULTS.md left as
// it is) must finish and print every table. Its figures are not checked (a benchmark, not a timed
// test); what is checked is that a change elsewhere cannot leave `npm run bench` broken unnoticed,
// as when the emulator's benchmark began sending a configuration key the simulator now refuses.
import { execFile } from "node:child_process"
import * as path from "node:path"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"

const ROOT = path.join(import.meta.dirname, "..")

describe("npm run bench", () => {
  it("runs every benchmark to the end in quick mode and prints its tables", { timeout: 600_000 }, async () => {
    const { stdout } = await promisify(execFile)("npm", ["run", "bench", "--", "--quick", "--no-write"], {
      cwd: ROOT,
      maxBuffer: 64 * 2 ** 20,
      env: { ...process.env, FORCE_COLOR: "0" },
    })
    for (const row of [
      "GetPipelineState: client CPU µs/call",
      "CreatePipeline: client CPU µs/call",
      "10,000 pipelines, pages of 100",
      "cold start → first response",
      "import added after effect + @effect/platform",
      "… added to the Effect baseline, KB gzip",
    ]) {
      expect(stdout, row).toContain(`| ${row}`)
    }
    expect(stdout).toContain("In-memory CodePipeline (`node --expose-gc`)")
    expect(stdout).toContain("Emulator (its command line in its own process")
  })
})
