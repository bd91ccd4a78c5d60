#!/usr/bin/env node
// The test command, in two sizes:
//   npm test          — the inner loop: type-checking and every test but the slow ones (`*.slow.test.ts`)
//   npm run test:all  — everything CI runs: the same, plus the slow suites (packing, processes, the AWS CLI, moto)
//
// Type-checking runs beside vitest rather than before it: on two cores, the compiler and the test
// workers overlap, and the whole run is shorter than the two in a row. Both must pass. The compiler
// keeps its incremental state under node_modules/.cache, so a second run checks only what changed.
//
// The last line is `N passed, N failed`: every test vitest ran, plus one failure for each test file
// that did not load and for a type-check that failed, so that no failure can hide behind the count.
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const all = process.argv.includes("--all")
const report = join(root, ".vitest-report.json")
const cache = join(root, "node_modules", ".cache", "tsc")
mkdirSync(cache, { recursive: true })

const bin = (name) => join(root, "node_modules", ".bin", name)

/** Runs a command; its output is printed as it comes, or kept and printed at the end (`buffer`). */
const run = (command, args, { buffer = false, env = {} } = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: buffer ? ["ignore", "pipe", "pipe"] : "inherit" })
    let output = ""
    if (buffer) {
      child.stdout.on("data", (chunk) => (output += chunk))
      child.stderr.on("data", (chunk) => (output += chunk))
    }
    child.on("error", (error) => resolve({ code: 1, output: `${command}: ${error.message}\n` }))
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }))
  })

const typecheck = async () => {
  const projects = [
    ["tsconfig.json", "root"],
    ["packages/core/tsconfig.json", "core"],
    ["packages/emulator/tsconfig.json", "emulator"],
  ]
  const results = []
  for (const [project, name] of projects) {
    const started = performance.now()
    const { code, output } = await run(bin("tsc"), ["--noEmit", "-p", project, "--incremental", "--tsBuildInfoFile", join(cache, `${name}.tsbuildinfo`)], { buffer: true })
    results.push({ project, code, output, seconds: (performance.now() - started) / 1000 })
  }
  return results
}

rmSync(report, { force: true })
const started = performance.now()
const [checks, tests] = await Promise.all([
  typecheck(),
  run(bin("vitest"), ["run"], { env: all ? { TEST_ALL: "1" } : {} }),
])

let failedChecks = 0
for (const check of checks) {
  if (check.output.trim() !== "") process.stdout.write(check.output)
  console.log(`tsc -p ${check.project}: ${check.code === 0 ? "no errors" : "errors"} (${check.seconds.toFixed(1)} s)`)
  if (check.code !== 0) failedChecks++
}

let passed = 0
let failed = failedChecks
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"))
  // A file that fails to load has no failed test of its own; count it as one failure.
  const broken = r.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length
  passed += r.numPassedTests
  failed += r.numFailedTests + broken
} else {
  failed += 1
}
console.log(`${all ? "all suites" : "fast suites (npm run test:all runs the slow ones too)"} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 && tests.code === 0 ? 0 : 1)
