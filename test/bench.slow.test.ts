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
  it("runs every benchmark of both flavors to the end in quick mode, on Node 24 and 20, and prints their tables", {
    timeout: 900_000,
  }, async () => {
    const { stdout } = await promisify(execFile)("npm", ["run", "bench", "--", "--quick", "--no-write"], {
      cwd: ROOT,
      maxBuffer: 64 * 2 ** 20,
      env: { ...process.env, FORCE_COLOR: "0" },
    })
    const parts = stdout.split(/^### /m).slice(1)
    expect(parts.map((part) => part.split("\n")[0]!.replace(/\.\d+\.\d+$/, ""))).toEqual([
      "effect-codepipeline (Effect 4), Node 24",
      "@effect-codepipeline/effect3 (Effect 3), Node 24",
      "effect-codepipeline (Effect 4), Node 20",
      "@effect-codepipeline/effect3 (Effect 3), Node 20",
    ])
    for (const part of parts) {
      for (const row of ["GetPipelineState: client CPU µs/call", "CreatePipeline: client CPU µs/call"])
        expect(part, row).toContain(`| ${row}`)
    }
    for (const [part, baseline] of [
      [parts[0]!, "effect + effect/http HttpClient"],
      [parts[1]!, "effect + @effect/platform HttpClient"],
    ] as const) {
      for (const row of [
        "10,000 pipelines, pages of 100",
        "cold start → first response",
        `import added after ${baseline}`,
        "… added to the Effect baseline, KB gzip",
      ]) {
        expect(part, row).toContain(`| ${row}`)
      }
      expect(part).toContain("Where the client CPU of a call goes")
      expect(part).toContain("In-memory CodePipeline (`node --expose-gc`)")
      expect(part).toContain("Emulator (its command line in its own process")
    }
  })
})
