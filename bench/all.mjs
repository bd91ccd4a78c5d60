// `npm run bench`: bench/main.ts (bundled to bench/.out/main.js) for each flavor of the SDK, the
// Effect 4 one (the root package) and the Effect 3 one (packages/effect3), each beside the official
// SDK and the raw floor, on this Node (the npm scripts' Node 24); then the per-call and import parts
// of each on Node 20, installed from the npm registry into node_modules/.cache/node (bench/main.ts
// --node): the targets are held on both.
//
// Flags are passed on to every run. `--flavor=effect4|effect3` or `--node=<version>` runs that one
// only; `--only=...` applies to the runs on this Node, and the Node 20 runs measure what of per call
// and import it names.
import { spawnSync } from "node:child_process"

const NODE_20 = "20.20.2"
const args = process.argv.slice(2)
const given = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const only = given("only")?.split(",")
const flavors = given("flavor") ? [given("flavor")] : ["effect4", "effect3"]
const passed = args.filter((a) => !a.startsWith("--flavor=") && !a.startsWith("--node=") && !a.startsWith("--only="))

const runs = []
if (given("node") === undefined) {
  for (const flavor of flavors) runs.push([`--flavor=${flavor}`, ...(only ? [`--only=${only.join(",")}`] : [])])
  const on20 = ["percall", "imports"].filter((part) => only === undefined || only.includes(part))
  if (on20.length > 0) for (const flavor of flavors) runs.push([`--flavor=${flavor}`, `--node=${NODE_20}`, `--only=${on20.join(",")}`])
} else {
  for (const flavor of flavors) runs.push([`--flavor=${flavor}`, `--node=${given("node")}`, ...(only ? [`--only=${only.join(",")}`] : [])])
}

let failed = 0
for (const run of runs) {
  process.stderr.write(`\n[bench] ${run.join(" ")}\n`)
  const { status } = spawnSync(process.execPath, ["bench/.out/main.js", ...run, ...passed], { stdio: "inherit" })
  if (status !== 0) failed++
}
process.exit(failed === 0 ? 0 : 1)
