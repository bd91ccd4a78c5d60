#!/usr/bin/env node
// The type check of `npm test`: one TypeScript program over everything a tsconfig includes and the
// guides' ```ts samples of its flavor (test/tools/docsSamples.mjs), with the package imported by
// name, as users do. Two programs, one per Effect major, each resolving its own `effect`:
//   node test/tools/typecheck.mjs                                      the root's tsconfig.json: the Effect 4 flavor, the core, the emulator, codegen, the tests of the repository
//   node test/tools/typecheck.mjs --project packages/effect3/tsconfig.json   the Effect 3 flavor, its tests, examples and bench
//
// Why one program and not `tsc` plus a second program for the samples: both parse the same sources
// and the same `node_modules` types, and the second program alone cost ~8 s of the test run's
// critical path on two cores.
//
// Incremental: the compiler keeps its state under node_modules/.cache/tsc, so a second run checks
// only what changed. Exits 1 on any error; a sample's error is reported at its line in the guide.
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { writeSamples } from "./docsSamples.mjs"

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..")
const cache = path.join(root, "node_modules", ".cache", "tsc")
fs.mkdirSync(cache, { recursive: true })

/**
 * A sample may define a value only to show it: the "declared but never read" family of errors
 * (noUnusedLocals, noUnusedParameters) is not reported in samples; every other setting applies.
 */
const UNUSED = new Set([6133, 6138, 6192, 6196, 6198, 6199, 6205])

const flag = process.argv.indexOf("--project")
const configPath = path.resolve(root, flag === -1 ? "tsconfig.json" : process.argv[flag + 1])
const projectDir = path.dirname(configPath)
const flavor = projectDir === path.join(root, "packages", "effect3") ? "effect3" : "effect4"
const { samples, canaries } = writeSamples(root, { flavor, outDir: path.join(projectDir, ".docs-check") })
const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile)
if (error !== undefined) {
  console.log(ts.flattenDiagnosticMessageText(error.messageText, "\n"))
  process.exit(1)
}
const parsed = ts.parseJsonConfigFileContent(config, ts.sys, projectDir, undefined, configPath)
const builder = ts.createIncrementalProgram({
  rootNames: [...parsed.fileNames, ...samples.map((s) => s.module), ...canaries.map((c) => c.module)],
  options: { ...parsed.options, noEmit: true, incremental: true, tsBuildInfoFile: path.join(cache, `typecheck-${flavor}.tsbuildinfo`) },
  configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
})
const all = [
  ...builder.getConfigFileParsingDiagnostics(),
  ...builder.getOptionsDiagnostics(),
  ...builder.getGlobalDiagnostics(),
  ...builder.getSyntacticDiagnostics(),
  ...builder.getSemanticDiagnostics(),
]
// With noEmit, emitting writes only the build info the next run starts from.
builder.emit()

const sampleOf = new Map(samples.map((s) => [path.resolve(s.module), s]))
const canaryOf = new Map(canaries.map((c) => [path.resolve(c.module), c]))
const failedCanaries = new Set()
const problems = []
const repository = []
for (const d of all) {
  const file = d.file === undefined ? undefined : path.resolve(d.file.fileName)
  const canary = file === undefined ? undefined : canaryOf.get(file)
  if (canary !== undefined) {
    failedCanaries.add(canary)
    continue
  }
  const sample = file === undefined ? undefined : sampleOf.get(file)
  if (sample === undefined) {
    repository.push(d)
    continue
  }
  if (UNUSED.has(d.code)) continue
  // Line 1 of the module is the line after the opening fence.
  const at = d.start === undefined ? undefined : d.file.getLineAndCharacterOfPosition(d.start)
  const where = at === undefined ? `${sample.file}:${sample.line}` : `${sample.file}:${sample.line + 1 + at.line}:${at.character + 1}`
  problems.push(`${where} (sample at line ${sample.line}): error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`)
}
for (const canary of canaries) {
  if (!failedCanaries.has(canary))
    problems.push(`the check checks nothing: a sample with ${canary.name} compiled without error (${canary.module})`)
}

const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }
if (repository.length > 0) process.stdout.write(ts.formatDiagnostics(repository, host))
for (const problem of problems) console.log(problem)
const guides = new Set(samples.map((s) => s.file)).size
console.log(
  `type check (${path.relative(root, configPath)}): ${parsed.fileNames.length} files and ${samples.length} samples of ${guides} guides, ${repository.length + problems.length} error(s)`,
)
process.exit(repository.length + problems.length === 0 ? 0 : 1)
