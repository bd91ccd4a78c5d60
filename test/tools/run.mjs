#!/usr/bin/env node
// The test command, in two sizes:
//   npm test          — the inner loop: the static checks (formatting, lint, types) and every test but the slow ones (`*.slow.test.ts`)
//   npm run test:all  — everything CI runs: the same, plus the slow suites (the differential verification, packing, processes, the AWS CLI, moto, load and real-clock tests),
//                      then the core's suite and a smoke suite on each other Node version the packages support
//
// The other Node versions come from the npm registry's `node` package, installed once into a folder
// of their own under node_modules/.cache/node (the machine's Node is not assumed to be any of them).
//
// The static checks (formatting, lint, types) run beside vitest rather than before it: on two cores, the compiler and the test
// workers overlap, and the whole run is shorter than the two in a row. Both must pass. The compiler
// keeps its incremental state under node_modules/.cache, so a second run checks only what changed.
//
// The last line is `N passed, N failed`: every test vitest ran, plus one failure for each test file
// that did not load and for a static check that failed, so that no failure can hide behind the count.
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { nodeBinary } from "./nodeVersion.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const all = process.argv.includes("--all")
const report = join(root, ".vitest-report.json")
const cache = join(root, "node_modules", ".cache", "tsc")
mkdirSync(cache, { recursive: true })

const bin = (name) => join(root, "node_modules", ".bin", name)

/**
 * The seed of every property test (test/support/propertySeed.ts): fixed in the full suite, so that
 * CI's verdict on a commit does not depend on a random draw; fresh in the quick loop, so that it
 * keeps exploring, and printed, so that a failure can be replayed. `FC_SEED=<n>` chooses it.
 */
const FULL_SUITE_SEED = "20261204"
process.env.FC_SEED ??= all ? FULL_SUITE_SEED : String(Math.floor(Math.random() * 2 ** 31))

/** Node versions tested besides the one running this script: exact, so that a run can be repeated. */
const NODES = ["20.20.2", "22.23.3", "24.21.0"]
/**
 * What runs on the other Node versions: the core's whole suite (it is Effect-free, so it is where
 * a Node difference would show first), and a smoke suite of each flavor end to end: the in-memory
 * layer, the live client over the wire against a local server and the emulator, the stub and a job
 * worker. Paths are relative to the flavor's package.
 */
const SMOKE = {
  effect4: [
    "test/inmemory.scenario.test.ts",
    "test/inmemory.test.ts",
    "test/live.test.ts",
    "test/live.emulator.test.ts",
    "test/emulator.layer.test.ts",
    "test/stub.test.ts",
    "test/jobworker.test.ts",
  ],
  effect3: [
    "test/inmemory.scenario.test.ts",
    "test/live.operations.test.ts",
    "test/live.errors.test.ts",
    "test/emulator.scenario.test.ts",
    "test/stub.test.ts",
    "test/jobworker.test.ts",
  ],
}

/** Runs a command; its output is printed as it comes, or kept and printed at the end (`buffer`). */
const run = (command, args, { buffer = false, env = {}, cwd = root } = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: buffer ? ["ignore", "pipe", "pipe"] : "inherit",
    })
    let output = ""
    if (buffer) {
      child.stdout.on("data", (chunk) => (output += chunk))
      child.stderr.on("data", (chunk) => (output += chunk))
    }
    child.on("error", (error) => resolve({ code: 1, output: `${command}: ${error.message}\n` }))
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }))
  })

/**
 * The static checks, one after the other, beside vitest: the formatter and linter over every file,
 * then the compiler, once per Effect major (test/tools/typecheck.mjs): the root's program (the
 * Effect 4 flavor, the core, the emulator, codegen, the repository's tests) and the Effect 3
 * flavor's (packages/effect3), each with the guides' samples of its flavor. One program per major
 * parses the shared sources and `node_modules` types once, where one per package took 22 + 8 + 8 s
 * here; two are needed because each flavor's files must resolve its own `effect`.
 */
const staticChecks = async () => {
  const typecheck = join(root, "test", "tools", "typecheck.mjs")
  const checks = [
    { label: "biome ci (formatting and lint; npm run format fixes what it can)", command: bin("biome"), args: ["ci", "."] },
    { label: "type check (tsconfig.json and the guides' Effect 4 samples)", command: process.execPath, args: [typecheck] },
    {
      label: "type check (packages/effect3/tsconfig.json and the guides' Effect 3 samples)",
      command: process.execPath,
      args: [typecheck, "--project", "packages/effect3/tsconfig.json"],
    },
  ]
  const results = []
  for (const { label, command, args } of checks) {
    const started = performance.now()
    const { code, output } = await run(command, args, { buffer: true })
    results.push({ label, code, output, seconds: (performance.now() - started) / 1000 })
  }
  return results
}

/**
 * What failed, named again at the end of the run: CI keeps only the tail of a long output, and a
 * count alone does not say which test to look at.
 */
const failures = []

/** The counts of a vitest JSON report: a file that fails to load counts as one failure. */
const countsOf = (file, label) => {
  if (!existsSync(file)) {
    failures.push(`${label}: no report (vitest did not finish)`)
    return { passed: 0, failed: 1 }
  }
  const r = JSON.parse(readFileSync(file, "utf8"))
  let broken = 0
  for (const f of r.testResults) {
    const name = f.name.startsWith(root) ? f.name.slice(root.length + 1) : f.name
    const failedTests = f.assertionResults.filter((a) => a.status === "failed")
    for (const a of failedTests) failures.push(`${label}: ${name} > ${a.fullName}\n    ${firstLine(a.failureMessages?.[0])}`)
    if (f.status === "failed" && failedTests.length === 0) {
      broken++
      failures.push(`${label}: ${name} did not load\n    ${firstLine(f.message)}`)
    }
  }
  return { passed: r.numPassedTests, failed: r.numFailedTests + broken }
}

/**
 * A suite's counts: its report's, plus one failure when vitest exited badly though no test failed
 * (an unhandled error), so that no failure can hide behind the count.
 */
const tally = (file, label, code) => {
  const counts = countsOf(file, label)
  if (code === 0 || counts.failed > 0) return counts
  failures.push(`${label}: vitest exited with code ${code} though no test failed (an unhandled error: see its output above)`)
  return { passed: counts.passed, failed: 1 }
}

/** The first line of a failure, and fast-check's line with the seed and path that replay it. */
const firstLine = (text) => {
  const lines = (text ?? "").split("\n")
  const first = lines.find((line) => line.trim() !== "") ?? ""
  const replay = lines.find((line) => line.startsWith("{ seed: "))
  return replay === undefined ? first : `${first} ${replay}`
}

/** The `node` binary of `version` (test/tools/nodeVersion.mjs), or why it could not be installed. */
const nodeOf = (version) => {
  try {
    return { binary: nodeBinary(root, version) }
  } catch (error) {
    return { error: `installing node@${version} failed:\n${error.stdout ?? ""}${error.stderr ?? error.message}` }
  }
}

/** A vitest run whose output is printed as it comes, with a JSON report to count from. */
const vitestRun = (node, vitest, args, out, options = {}) =>
  run(node, [vitest, "run", "--reporter", "dot", "--reporter", "json", `--outputFile.json=${out}`, ...args], options)

/** The core's suite and each flavor's smoke suite on another Node version. */
const onNode = async (version) => {
  const node = nodeOf(version)
  if (node.error !== undefined) {
    console.log(node.error)
    failures.push(`Node ${version}: ${node.error.split("\n")[0]}`)
    return { passed: 0, failed: 1 }
  }
  console.log(`\n— Node ${version}: the core's suite and each flavor's smoke suite —`)
  const effect4Out = join(root, "node_modules", ".cache", `vitest-node-${version}.json`)
  const effect3Out = join(root, "node_modules", ".cache", `vitest-effect3-node-${version}.json`)
  rmSync(effect4Out, { force: true })
  rmSync(effect3Out, { force: true })
  const effect4 = await vitestRun(
    node.binary,
    join(root, "node_modules", "vitest", "vitest.mjs"),
    ["--project", "core", "--project", "sdk", "packages/core/test", ...SMOKE.effect4],
    effect4Out,
  )
  const effect3 = await vitestRun(node.binary, join(effect3Dir, "node_modules", "vitest", "vitest.mjs"), SMOKE.effect3, effect3Out, {
    cwd: effect3Dir,
  })
  const a = tally(effect4Out, `Node ${version} (core, Effect 4)`, effect4.code)
  const b = tally(effect3Out, `Node ${version} (Effect 3)`, effect3.code)
  const counts = { passed: a.passed + b.passed, failed: a.failed + b.failed }
  console.log(`Node ${version}: ${counts.passed} passed, ${counts.failed} failed`)
  return counts
}

rmSync(report, { force: true })
const started = performance.now()
/** The full suite's slow tests are switched on in every vitest it runs (vitest.shared.ts). */
const suiteEnv = all ? { TEST_ALL: "1" } : {}
// The Effect 3 flavor runs its own vitest 3 (which @effect/vitest 0.27 needs) in its package, on
// the Node of this run. It follows the static checks, in their lane beside the root's vitest, whose
// workers wait on timers and sockets much of the time; its output is kept and printed after the root's.
const effect3Dir = join(root, "packages", "effect3")
const effect3Report = join(root, "node_modules", ".cache", "vitest-effect3.json")
rmSync(effect3Report, { force: true })
const effect3Suite = () =>
  run(
    process.execPath,
    [
      join(effect3Dir, "node_modules", "vitest", "vitest.mjs"),
      "run",
      "--reporter",
      "dot",
      "--reporter",
      "json",
      `--outputFile.json=${effect3Report}`,
    ],
    { buffer: true, env: suiteEnv, cwd: effect3Dir },
  )
const lane = async () => {
  const checks = await staticChecks()
  return { checks, effect3Run: await effect3Suite() }
}
const [{ checks, effect3Run }, tests] = await Promise.all([lane(), run(bin("vitest"), ["run"], { env: suiteEnv })])

let failedChecks = 0
for (const check of checks) {
  if (check.code !== 0 && check.output.trim() !== "") process.stdout.write(check.output)
  console.log(`${check.label}: ${check.code === 0 ? "clean" : "failed"} (${check.seconds.toFixed(1)} s)`)
  if (check.code !== 0) {
    failedChecks++
    failures.push(`${check.label}: failed`)
  }
}

const main = tally(report, `Node ${process.versions.node} (core, emulator, Effect 4)`, tests.code)
let passed = main.passed
let failed = main.failed + failedChecks
console.log(
  `Node ${process.versions.node} (core, emulator, Effect 4 flavor): ${main.passed} passed, ${main.failed} failed${failedChecks > 0 ? `, ${failedChecks} static check(s) failed` : ""}`,
)

if (effect3Run.output.trim() !== "") process.stdout.write(effect3Run.output)
const effect3 = tally(effect3Report, "Effect 3 flavor", effect3Run.code)
passed += effect3.passed
failed += effect3.failed
console.log(`Effect 3 flavor (packages/effect3): ${effect3.passed} passed, ${effect3.failed} failed`)
if (all) {
  for (const version of NODES.filter((v) => v.split(".")[0] !== process.versions.node.split(".")[0])) {
    const counts = await onNode(version)
    passed += counts.passed
    failed += counts.failed
  }
}
console.log(
  `${all ? "all suites" : "fast suites (npm run test:all runs the slow ones too)"} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
)
console.log(`property tests seeded with FC_SEED=${process.env.FC_SEED} (set FC_SEED to that to repeat the draw)`)
if (failures.length > 0) console.log(`\nWhat failed:\n${failures.map((f) => `  ${f}`).join("\n")}\n`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
