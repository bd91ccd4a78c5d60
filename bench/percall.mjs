// Per-call CPU of the live client, the Effect 4 flavor (this workspace) beside the Effect 3 one
// (the root's src/services), on the same local server: `npm run bench:percall --workspace
// packages/effect4-next [-- rounds calls]` (default 9 rounds of 2,000 calls), on the Node the
// workspace's npm scripts run (its node@24 devDependency).
//
// Each flavor's program is bundled by esbuild with its own `effect` left external and resolved
// from its own package (the Effect 3 bundle sits under the root's node_modules, the Effect 4 one
// under this workspace's), and the core read from its sources. The server is a separate process
// answering GetPipelineState with a fixed body. Each round runs each flavor in a fresh process,
// interleaved: after `calls` warm-up calls in each mode, `calls` calls in one Effect loop, then
// `calls` calls with one `runPromise` each; CPU is the client process's (`process.cpuUsage`), in
// µs per call.
import { execFileSync, spawn } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"

const here = join(dirname(fileURLToPath(import.meta.url)), "..")
const repo = join(here, "..", "..")
const rounds = Number(process.argv[2] ?? 9)
const calls = Number(process.argv[3] ?? 2000)

const program = (imports) => `
${imports}
const [endpoint, calls] = [process.argv[2], Number(process.argv[3])]
const layer = CodePipeline.layer({ region: "us-east-1", endpoint, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" } })
const call = CodePipeline.getPipelineState({ name: "release" })
const loop = (n) => Effect.gen(function* () { for (let i = 0; i < n; i++) yield* call })
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system }
const out = await Effect.runPromise(Effect.scoped(Effect.gen(function* () {
  const context = yield* Layer.build(layer)
  const run = (effect) => Effect.runPromise(Effect.provide(effect, context))
  const perCall = () => Effect.promise(async () => { for (let i = 0; i < calls; i++) await run(call) })
  // Warm-up in both modes: 500 calls left the first measured mode still in JIT warm-up (it then
  // measured up to 2x the same mode measured again).
  yield* Effect.promise(() => run(loop(calls)))
  yield* perCall()
  let t = cpu()
  yield* Effect.promise(() => run(loop(calls)))
  const inLoop = (cpu() - t) / calls
  t = cpu()
  yield* perCall()
  return { inLoop, perRunPromise: (cpu() - t) / calls }
})))
process.stdout.write(JSON.stringify(out))
`

const core = {
  name: "core-from-sources",
  setup(b) {
    b.onResolve({ filter: /^@effect-codepipeline\/core\// }, (args) => ({
      path: join(repo, "packages/core/src", `${args.path.slice("@effect-codepipeline/core/".length)}.ts`),
    }))
  },
}

const bundle = async (dir, name, source) => {
  mkdirSync(dir, { recursive: true })
  const entry = join(dir, `${name}.ts`)
  writeFileSync(entry, source)
  const outfile = join(dir, `${name}.mjs`)
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    packages: "external",
    plugins: [core],
    logLevel: "warning",
  })
  return outfile
}

const flavors = [
  {
    name: "Effect 4 (packages/effect4-next)",
    file: await bundle(
      join(here, "node_modules/.cache/bench-percall"),
      "effect4",
      program(
        `import * as Effect from "effect/Effect"\nimport * as Layer from "effect/Layer"\nimport * as CodePipeline from ${JSON.stringify(join(here, "src/services/CodePipeline.ts"))}`,
      ),
    ),
  },
  {
    name: "Effect 3 (root src/services)",
    file: await bundle(
      join(repo, "node_modules/.cache/bench-percall"),
      "effect3",
      program(
        `import * as Effect from "effect/Effect"\nimport * as Layer from "effect/Layer"\nimport * as CodePipeline from ${JSON.stringify(join(repo, "src/services/CodePipeline.ts"))}`,
      ),
    ),
  },
]

const serverSource = `
const http = await import("node:http")
const body = JSON.stringify({ pipelineName: "release", pipelineVersion: 3, stageStates: [{ stageName: "Source", latestExecution: { pipelineExecutionId: "e-1", status: "Succeeded" } }] })
const server = http.createServer((req, res) => { req.resume(); req.on("end", () => { res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "r" }); res.end(body) }) })
server.keepAliveTimeout = 60000
server.listen(0, "127.0.0.1", () => process.stdout.write(String(server.address().port) + "\\n"))
`
const server = spawn(process.execPath, ["--input-type=module", "-e", serverSource], { stdio: ["ignore", "pipe", "inherit"] })
const port = await new Promise((resolve) => server.stdout.once("data", (d) => resolve(Number(String(d).trim()))))
const endpoint = `http://127.0.0.1:${port}`

const results = new Map(flavors.map((f) => [f.name, { inLoop: [], perRunPromise: [] }]))
try {
  for (let round = 0; round < rounds; round++) {
    for (const { name, file } of flavors) {
      const r = JSON.parse(execFileSync(process.execPath, [file, endpoint, String(calls)], { encoding: "utf8" }))
      results.get(name).inLoop.push(r.inLoop)
      results.get(name).perRunPromise.push(r.perRunPromise)
    }
  }
} finally {
  server.kill()
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
console.log(`Node ${process.versions.node}, ${rounds} interleaved rounds of ${calls} calls, client CPU µs/call, medians (min–max):`)
for (const [name, r] of results) {
  const show = (xs) => `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`
  console.log(`  ${name.padEnd(34)} Effect loop ${show(r.inLoop)}   one runPromise per call ${show(r.perRunPromise)}`)
}
