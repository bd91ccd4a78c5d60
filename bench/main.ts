/**
 * `npm run bench`: measures one flavor of the SDK (`--flavor=effect4`, the root package, or
 * `--flavor=effect3`, packages/effect3) beside the official SDK and the raw floor; `bench/all.ts`
 * runs it for both flavors, on Node 24 and on Node 20. The programs of this folder are shared; each
 * flavor's own (its clients `sdk.ts`, bundled as `bench-kit`, and its `breakdown.ts`, `inmemory.ts`,
 * `cold/sdk.ts`, `bundle/`) are in its kit folder, `bench/effect4/` or `packages/effect3/bench/`, so
 * that each resolves its own `effect`.
 *
 * It bundles the bench programs with esbuild into the kit's `.out/` (gitignored) and runs
 * every measurement in fresh plain-`node` processes (no tsx) against one loopback server in another
 * process (`server.ts`). Prints one table and rewrites the generated part of `bench/RESULTS.md`.
 *
 * - per call: one process per client (`worker.ts`), each warmed up, then rounds of sequential
 *   calls, interleaved across clients (round r runs every client once, in a rotating order) so that
 *   whatever else the machine does falls on all of them alike; medians of the rounds;
 * - breakdown: `breakdown.ts` in fresh processes, each step of the per-call path timed alone
 *   in-process (what the SDK adds to the floor's steps), medians over the processes (see
 *   `breakdown.ts` beside this file); its table follows the main one;
 * - paging: the same, one full listing of 10,000 pipelines per round;
 * - cold start: fresh processes on bundled scripts (`cold/`), medians of several spawns;
 * - import: fresh processes importing the package's Node build (`npm run build`), as Node loads it;
 * - bundle: esbuild (bundle, minify, platform node, format esm) of `bundle/`, gzip -9; the headline
 *   is the baseline program and one operation in one bundle; also each program alone, with
 *   `mainFields: module,main`, with the default credential chain external, and code-split.
 *
 * - in-memory: `inmemory.ts` in a fresh `node --expose-gc` process; its table follows the main one.
 * - emulator: `emulatorSave.ts` in a fresh process, driving the emulator's command line
 *   (`emulatorServer.ts`) with an 11 MiB state, with and without `--state`; its table follows.
 *
 * Flags: `--quick` (few iterations, for a smoke run), `--only=percall,breakdown,paging,cold,imports,bundle,inmemory,emulator`,
 * `--clients=sdk,sdk-promise,official,raw`, `--ops=get,create`, `--no-write` (leave RESULTS.md),
 * `--before=<git revision>` (also the SDK as it was at that revision: its `src/` and the core's),
 * `--variant=label:NAME=value+NAME=value` (an SDK client with extra environment, for A/B runs),
 * `--verify` (first run `verify.ts`: the hot path's shortcuts against what they replace),
 * `--profile` (`--cpu-prof` of the SDK and raw loops into bench/.out/prof).
 */
import { type ChildProcess, execFile, execFileSync, fork, spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { pathToFileURL } from "node:url"
import * as Zlib from "node:zlib"
import * as esbuild from "esbuild"
import { nodeBinary } from "../test/tools/nodeVersion.mjs"

/** The repository: the core, the compiler, and RESULTS.md (bench/RESULTS.md, shipped with the root package). */
const REPO = process.cwd()
if (JSON.parse(Fs.readFileSync(Path.join(REPO, "package.json"), "utf8")).name !== "effect-codepipeline") {
  throw new Error("run from the repository's root (npm run bench)")
}
const args = process.argv.slice(2)

/** Each flavor: its package, its kit of programs, where they are built, and its targets. */
const KITS = {
  effect4: {
    label: "effect-codepipeline (Effect 4)",
    pkg: ".",
    dir: "bench/effect4",
    out: "bench/.out/effect4",
    httpClient: "effect/http/HttpClient",
    baseline: "effect + effect/http HttpClient",
    /** Issue #15: per call ≤ 1.25× the floor in an Effect loop, ≤ 1.4× with one runPromise a call; import ≤ 15 ms. */
    targets: { official: undefined, floor: 1.25, floorPromise: 1.4, importMs: 15 },
  },
  effect3: {
    label: "@effect-codepipeline/effect3 (Effect 3)",
    pkg: "packages/effect3",
    dir: "packages/effect3/bench",
    out: "packages/effect3/bench/.out",
    httpClient: "@effect/platform/HttpClient",
    baseline: "effect + @effect/platform HttpClient",
    targets: { official: 0.5, floor: 1.5, floorPromise: undefined, importMs: 30 },
  },
} as const
/** The measured package's name. */
const packageName = (kit: { readonly pkg: string }): string =>
  JSON.parse(Fs.readFileSync(Path.join(process.cwd(), kit.pkg, "package.json"), "utf8")).name
const FLAVOR = (args.find((a) => a.startsWith("--flavor="))?.slice("--flavor=".length) ?? "effect4") as keyof typeof KITS
const KIT = KITS[FLAVOR]
if (KIT === undefined) throw new Error(`--flavor=effect4 or --flavor=effect3, not ${FLAVOR}`)
/** The package measured. */
const ROOT = Path.join(REPO, KIT.pkg)
const PACKAGE = packageName(KIT)
/** The shared programs (this folder) and the flavor's own. */
const BENCH = Path.join(REPO, "bench")
const KIT_DIR = Path.join(REPO, KIT.dir)
const OUT = Path.join(REPO, KIT.out)
/** The Node the measured processes run on: `--node=20.20.2` installs that version from the registry (as the test runner does). */
const NODE_VERSION = args.find((a) => a.startsWith("--node="))?.slice("--node=".length)
const NODE = NODE_VERSION === undefined ? process.execPath : nodeBinary(REPO, NODE_VERSION)

const flag = (name: string) => args.includes(`--${name}`)
const list = (name: string, all: ReadonlyArray<string>) => {
  const given = args.find((a) => a.startsWith(`--${name}=`))
  return given === undefined ? all : given.slice(name.length + 3).split(",")
}
const QUICK = flag("quick")
const ONLY = new Set(list("only", ["percall", "breakdown", "paging", "cold", "imports", "bundle", "inmemory", "emulator"]))
const CLIENTS = list("clients", ["sdk", "sdk-promise", "sdk-traced", "official", "raw"])
const OPS = list("ops", ["get", "create"])

const PERCALL = QUICK ? { warmup: 300, rounds: 3, perRound: 1000 } : { warmup: 2000, rounds: 15, perRound: 2500 }
const PAGING = QUICK ? { warmup: 1, rounds: 3 } : { warmup: 3, rounds: 7 }
const SPAWNS = QUICK ? 3 : 9
// `--before=<git revision>`: also measure the SDK as it was at that revision. Every source file of the
// flavor's `src/` and of the core's is read at the revision, so that a change of the API between the
// flavor and the core (one side of it at the revision, the other now) cannot break the build.
const BEFORE = args.find((a) => a.startsWith("--before="))?.slice("--before=".length)
const BEFORE_DIRS: ReadonlyArray<string> = [Path.join(REPO, KIT.pkg, "src") + Path.sep, Path.join(REPO, "packages/core/src") + Path.sep]

const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`)

// -----------------------------------------------------------------------------------------------
// build
// -----------------------------------------------------------------------------------------------

const PACKAGE_INDEX = Path.join(ROOT, "dist", "node", "index.js")

const REQUIRE_SHIM = 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);'

const build = async () => {
  // Everything but this orchestrator's own bundle (`main.js`) and profiles is rebuilt.
  for (const entry of Fs.existsSync(OUT) ? Fs.readdirSync(OUT) : []) {
    if (entry !== "main.js" && entry !== "prof") Fs.rmSync(Path.join(OUT, entry), { recursive: true, force: true })
  }
  // Programs run in fresh processes: fully bundled, as a deployed Node program would be. The shared
  // ones and the flavor's own land side by side in OUT; `bench-kit` is the flavor's clients.
  const shared = ["worker.ts", "server.ts", "emulatorSave.ts", "emulatorServer.ts", "cold/official.ts", "cold/raw.ts", "cold/empty.ts"]
  const own = ["inmemory.ts", "breakdown.ts", "cold/sdk.ts", "verify.ts"].filter((f) => Fs.existsSync(Path.join(KIT_DIR, f)))
  for (const [base, files] of [
    [BENCH, shared],
    [KIT_DIR, own],
  ] as const)
    await esbuild.build({
      entryPoints: files.map((f) => Path.join(base, f)),
      outdir: OUT,
      outbase: base,
      alias: { "bench-kit": Path.join(KIT_DIR, "sdk.ts") },
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      banner: { js: REQUIRE_SHIM },
      logLevel: "warning",
    })
  if (BEFORE !== undefined) {
    // The same worker with the SDK's sources as they were at a git revision (`--before=<rev>`), the
    // bench's own code as it is now: the before/after comparison of `RESULTS.md`.
    const atRevision = (path: string) => BEFORE_DIRS.some((dir) => path.startsWith(dir))
    await esbuild.build({
      entryPoints: [Path.join(BENCH, "worker.ts")],
      outfile: Path.join(OUT, "worker-before.js"),
      alias: { "bench-kit": Path.join(KIT_DIR, "sdk.ts") },
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      banner: { js: REQUIRE_SHIM },
      logLevel: "warning",
      plugins: [
        {
          name: "before",
          setup: (b) =>
            b.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
              if (!atRevision(args.path)) return undefined
              let contents: string
              try {
                contents = execFileSync("git", ["show", `${BEFORE}:${Path.relative(REPO, args.path)}`], {
                  cwd: REPO,
                  encoding: "utf8",
                  stdio: ["ignore", "pipe", "ignore"],
                })
              } catch {
                // Not in the tree at the revision: new since, and so read only by new code.
                return undefined
              }
              return { contents, loader: "ts", resolveDir: Path.dirname(args.path) }
            }),
        },
      ],
    })
  }
  // The import probe is compiled, not bundled; the package is imported as Node loads it once
  // installed: its Node build (`build/nodeBundle.mjs`), which `npm run build` writes for the flavor
  // and the core it imports.
  await esbuild.build({
    entryPoints: [Path.join(BENCH, "imports.ts")],
    outdir: OUT,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
  })
  if (ONLY.has("imports")) {
    const builds =
      ROOT === REPO
        ? [["run", "build"]]
        : [
            ["run", "build", "--workspace", "@effect-codepipeline/core"],
            ["run", "build", "--workspace", PACKAGE],
          ]
    for (const npmArgs of builds) {
      const built = spawnSync("npm", npmArgs, { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] })
      if (built.status !== 0) throw new Error(`npm ${npmArgs.join(" ")} failed`)
    }
    if (!Fs.existsSync(PACKAGE_INDEX)) throw new Error(`npm run build did not write ${PACKAGE_INDEX}`)
  }
}

// -----------------------------------------------------------------------------------------------
// processes
// -----------------------------------------------------------------------------------------------

const startServer = (): Promise<{ child: ChildProcess; endpoint: string }> =>
  new Promise((resolve, reject) => {
    const child = fork(Path.join(OUT, "server.js"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] })
    child.once("message", (m: any) => resolve({ child, endpoint: `http://127.0.0.1:${m.port}` }))
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)))
  })

const run = (nodeArgs: ReadonlyArray<string>): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(NODE, nodeArgs, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`node ${nodeArgs.join(" ").slice(0, 200)}: ${error.message}\n${stderr}`))
      else resolve(stdout)
    })
  })

interface Sample {
  readonly cpu: number
  readonly user: number
  readonly system: number
  readonly wall: number
}

/** What `worker.ts` takes: the client, and either an operation or a page size. */
interface JobSpec {
  readonly client: string
  readonly endpoint: string
  readonly warmup: number
  readonly op?: string
  readonly pageSize?: number
  readonly env?: Record<string, string>
  readonly script?: string
}

interface Worker {
  readonly request: (message: { calls: number } | { list: number }) => Promise<Sample>
  readonly stop: () => Promise<void>
}

/** A client in its own process (see `worker.ts`), warmed up and waiting for rounds. */
const startWorker = (job: JobSpec, execArgv: Array<string> = []): Promise<Worker> =>
  new Promise((resolve, reject) => {
    const child = fork(Path.join(OUT, job.script ?? "worker.js"), [JSON.stringify(job)], {
      execPath: NODE,
      // The official SDK warns about the Node version on every start.
      execArgv: ["--no-warnings", ...execArgv],
      env: { ...process.env, ...job.env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    })
    let pending: ((sample: Sample) => void) | undefined
    let exited: ((code: number | null) => void) | undefined
    child.on("exit", (code) => {
      if (exited) return exited(code)
      const error = new Error(`worker ${JSON.stringify(job)} exited with ${code}`)
      reject(error)
      if (pending) {
        console.error(error)
        process.exit(1)
      }
    })
    child.on("message", (message: any) => {
      if (message.ready) {
        return resolve({
          request: (m) =>
            new Promise((done) => {
              pending = done
              child.send(m)
            }),
          stop: () =>
            new Promise((done) => {
              exited = () => done()
              child.disconnect()
            }),
        })
      }
      const done = pending
      pending = undefined
      done?.(message as Sample)
    })
  })

/** Starts every job's worker (one at a time, so warm-ups do not overlap), runs `rounds` rounds with
 * the workers' turns rotated every round, and stops them. */
const interleaved = async <K extends string>(jobs: Record<K, JobSpec>, rounds: number, message: { calls: number } | { list: number }) => {
  const names = Object.keys(jobs) as Array<K>
  const workers = {} as Record<K, Worker>
  for (const name of names) workers[name] = await startWorker(jobs[name])
  const samples = {} as Record<K, Array<Sample>>
  for (const name of names) samples[name] = []
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(r + i) % names.length]!
      samples[name].push(await workers[name].request(message))
    }
  }
  for (const name of names) await workers[name].stop()
  return samples
}

/** Spawn to exit, and the child's own time from process start to its first response. */
const coldRun = (script: string, endpoint: string): Promise<{ exit: number; first: number }> =>
  new Promise((resolve, reject) => {
    const t0 = performance.now()
    // stderr is kept for failures only: the official SDK warns about the Node version on every start.
    const child = spawn(NODE, [Path.join(OUT, "cold", script), endpoint], { stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    let err = ""
    child.stdout.on("data", (d) => (out += d))
    child.stderr.on("data", (d) => (err += d))
    child.on("exit", (code) => {
      const exit = performance.now() - t0
      if (code !== 0) return reject(new Error(`cold/${script} exited with ${code}\n${err}`))
      const [first, stages] = out.trim().split(" ").map(Number)
      if (script !== "empty.js" && stages !== 6) return reject(new Error(`cold/${script}: unexpected output ${out}`))
      resolve({ exit, first: first! })
    })
  })

// -----------------------------------------------------------------------------------------------
// measurements
// -----------------------------------------------------------------------------------------------

interface PerCall {
  cpu: number
  wall: number
  user: number
  system: number
  rounds: Array<number>
  wallRounds: Array<number>
}
const perCall: Record<string, PerCall> = {}
const paging: Record<string, { wall: number; cpu: number }> = {}
const cold: Record<string, { exit: number; first: number }> = {}
const imports: Record<string, number> = {}
const bundles: Record<string, { raw: number; gzip: number; leaks: Array<string> }> = {}
const splitBundles: Record<string, { chunks: number; startup: number; withCredentials: number; all: number }> = {}
const bundleDetail: Array<string> = []
const metafiles: Record<string, esbuild.Metafile> = {}

// `--variant=label:NAME=value+NAME=value` (repeatable) adds an SDK client run with extra environment
// variables, for A/B experiments interleaved with the others.
const VARIANTS = args
  .filter((a) => a.startsWith("--variant="))
  .map((a) => {
    const [label, vars = ""] = a.slice("--variant=".length).split(":")
    return {
      label: label!,
      env: Object.fromEntries(
        vars
          .split("+")
          .filter(Boolean)
          .map((v) => v.split("=") as [string, string]),
      ),
    }
  })

const measurePerCall = async (endpoint: string) => {
  for (const op of OPS) {
    const jobs: Record<string, JobSpec> = Object.fromEntries(
      CLIENTS.map((client) => [client, { client, op, endpoint, warmup: PERCALL.warmup }]),
    )
    for (const v of VARIANTS) jobs[v.label] = { client: "sdk", op, endpoint, warmup: PERCALL.warmup, env: v.env }
    if (BEFORE !== undefined) jobs["sdk-before"] = { client: "sdk", op, endpoint, warmup: PERCALL.warmup, script: "worker-before.js" }
    const samples = await interleaved(jobs, PERCALL.rounds, { calls: PERCALL.perRound })
    for (const client of Object.keys(jobs)) {
      const rounds = samples[client]!
      perCall[`${client}/${op}`] = {
        cpu: median(rounds.map((r) => r.cpu)),
        wall: median(rounds.map((r) => r.wall)),
        user: median(rounds.map((r) => r.user)),
        system: median(rounds.map((r) => r.system)),
        rounds: rounds.map((r) => r.cpu),
        wallRounds: rounds.map((r) => r.wall),
      }
      log(
        `per call ${op} ${client}: cpu ${rounds.map((r) => r.cpu.toFixed(0)).join(" ")} µs, wall ${median(rounds.map((r) => r.wall)).toFixed(0)} µs`,
      )
    }
  }
}

const measurePaging = async (endpoint: string) => {
  for (const pageSize of [1000, 100]) {
    const clients = ["sdk", "official", "raw"]
    const jobs = Object.fromEntries(clients.map((client) => [client, { client, endpoint, pageSize, warmup: PAGING.warmup }]))
    const samples = await interleaved(jobs, PAGING.rounds, { list: pageSize })
    for (const client of clients) {
      const rounds = samples[client]!
      paging[`${client}/${pageSize}`] = { wall: median(rounds.map((r) => r.wall)), cpu: median(rounds.map((r) => r.cpu)) }
      log(`paging ${pageSize} ${client}: ${rounds.map((r) => r.wall.toFixed(0)).join(" ")} ms`)
    }
  }
}

const measureCold = async (endpoint: string) => {
  const scripts = ["empty", "raw", "official", "sdk"]
  const samples: Record<string, Array<{ exit: number; first: number }>> = {}
  await coldRun("sdk.js", endpoint) // page cache
  for (let i = 0; i < SPAWNS; i++) {
    for (const s of scripts) (samples[s] ??= []).push(await coldRun(`${s}.js`, endpoint))
  }
  for (const s of scripts) {
    cold[s] = { exit: median(samples[s]!.map((x) => x.exit)), first: median(samples[s]!.map((x) => x.first)) }
    log(`cold ${s}: first response ${cold[s]!.first.toFixed(1)} ms, exit ${cold[s]!.exit.toFixed(1)} ms`)
  }
}

const measureImports = async () => {
  const ours = pathToFileURL(PACKAGE_INDEX).href
  const probe = Path.join(OUT, "imports.js")
  const variants: Record<string, { specs: Array<string>; take: (times: Array<number>) => number }> = {
    effect: { specs: ["effect"], take: (t) => t[0]! },
    "effect+platform": { specs: ["effect", KIT.httpClient], take: (t) => t[0]! + t[1]! },
    "ours after effect+platform": { specs: ["effect", KIT.httpClient, ours], take: (t) => t[2]! },
    ours: { specs: [ours], take: (t) => t[0]! },
    official: { specs: ["@aws-sdk/client-codepipeline"], take: (t) => t[0]! },
  }
  const samples: Record<string, Array<number>> = {}
  for (const v of Object.values(variants)) await run([probe, ...v.specs]) // page cache
  for (let i = 0; i < SPAWNS; i++) {
    for (const [name, v] of Object.entries(variants)) {
      const { times } = JSON.parse(await run([probe, ...v.specs]))
      ;(samples[name] ??= []).push(v.take(times))
    }
  }
  for (const name of Object.keys(variants)) {
    imports[name] = median(samples[name]!)
    log(`import ${name}: ${imports[name]!.toFixed(1)} ms`)
  }
}

const UNUSED_MARKERS = ["PutWebhookInput", "CreateCustomActionType", "ActionTypeNotFoundException", "ListWebhooksOutput"]

/** esbuild's default for `platform: "node"` reads `main` first, which is CommonJS in the AWS packages. */
const MODULE_FIRST = ["module", "main"]
/** The default credential chain: imported with `import()`, only when no credentials are given. */
const CHAIN = "@aws-sdk/credential-provider-node"

interface BundleEntry {
  readonly file: string
  readonly mainFields?: Array<string>
  readonly external?: Array<string>
  /** esbuild `splitting: true`: the bundle is an entry chunk plus chunks loaded by `import()`. */
  readonly splitting?: boolean
}

/** Bytes of the minified output by origin: the package, or the first `srcDepth` segments of a src/ path. */
const bytesByOrigin = (metafile: esbuild.Metafile, srcDepth: number): Record<string, number> => {
  const byOrigin: Record<string, number> = {}
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const parts = input.split("/")
      const origin = input.startsWith("node_modules/")
        ? parts.slice(1, parts[1]!.startsWith("@") ? 3 : 2).join("/")
        : parts.slice(0, input.startsWith("src/") ? srcDepth : 2).join("/")
      byOrigin[origin] = (byOrigin[origin] ?? 0) + bytesInOutput
    }
  }
  return byOrigin
}

const largest = (byOrigin: Record<string, number>, count: number, skip: (origin: string) => boolean = () => false): string =>
  Object.entries(byOrigin)
    .filter(([k, v]) => !skip(k) && Math.abs(v) >= 50)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, v]) => `${k} ${(v / 1024).toFixed(1)} KB`)
    .join(", ")

/** Per package / source file, bytes of the minified output (before gzip). */
const contributors = (metafile: esbuild.Metafile, count: number, skip?: (origin: string) => boolean): string =>
  largest(bytesByOrigin(metafile, Infinity), count, skip)

/** Per package / folder of src/, bytes of the minified output that `app` has beyond `base`. */
const addedBytes = (app: esbuild.Metafile, base: esbuild.Metafile): Record<string, number> => {
  const added = bytesByOrigin(app, 2)
  for (const [origin, bytes] of Object.entries(bytesByOrigin(base, 2))) added[origin] = (added[origin] ?? 0) - bytes
  return added
}

/**
 * A code-split build, as what loads when: `startup` is the entry chunk and the chunks it imports
 * statically; `withCredentials` adds every chunk reached through `import()` except the default
 * credential chain's (what a program that passes credentials loads: the layer imports the endpoint
 * rules, signer, client and transport lazily); `all` is every chunk written. Sizes are the sums of
 * each chunk gzipped on its own.
 */
const splitSizes = (
  result: esbuild.BuildResult & { metafile: esbuild.Metafile; outputFiles: Array<esbuild.OutputFile> },
  entry: string,
) => {
  const outputs = result.metafile.outputs
  const gzipOf = new Map(result.outputFiles.map((o) => [Path.relative(REPO, o.path), Zlib.gzipSync(o.contents, { level: 9 }).length]))
  const rawOf = new Map(result.outputFiles.map((o) => [Path.relative(REPO, o.path), o.contents.length]))
  const entryChunk = Object.keys(outputs).find((k) => outputs[k]!.entryPoint === entry)!
  // The chunk of the default chain's module: the target of its `import()`.
  const chainChunks = new Set(Object.keys(outputs).filter((k) => outputs[k]!.entryPoint?.includes(`node_modules/${CHAIN}/`)))
  const closure = (follow: (i: esbuild.Metafile["outputs"][string]["imports"][number]) => boolean) => {
    const seen = new Set<string>()
    const stack = [entryChunk]
    while (stack.length > 0) {
      const chunk = stack.pop()!
      if (seen.has(chunk)) continue
      seen.add(chunk)
      for (const i of outputs[chunk]!.imports) if (!i.external && follow(i)) stack.push(i.path)
    }
    return seen
  }
  const sum = (chunks: Iterable<string>, of = gzipOf) => [...chunks].reduce((n, k) => n + of.get(k)!, 0)
  const startup = closure((i) => i.kind === "import-statement")
  const withCredentials = closure((i) => !(i.kind === "dynamic-import" && chainChunks.has(i.path)))
  return {
    chunks: Object.keys(outputs).length,
    startup: sum(startup),
    withCredentials: sum(withCredentials),
    withCredentialsRaw: sum(withCredentials, rawOf),
    all: sum(Object.keys(outputs)),
  }
}

const measureBundles = async () => {
  const chain = [CHAIN]
  const entries: Record<string, BundleEntry> = {
    baseline: { file: "baseline.ts" },
    "sdk-one": { file: "sdk-one.ts" },
    "sdk-one-module": { file: "sdk-one-module.ts" },
    "sdk-all": { file: "sdk-all.ts" },
    "official-one": { file: "official-one.ts" },
    "official-all": { file: "official-all.ts" },
    "sdk-one-module/nochain": { file: "sdk-one-module.ts", external: chain },
    "official-one/nochain": { file: "official-one.ts", external: chain },
    "baseline/esm": { file: "baseline.ts", mainFields: MODULE_FIRST },
    "sdk-one-module/esm": { file: "sdk-one-module.ts", mainFields: MODULE_FIRST },
    "official-one/esm": { file: "official-one.ts", mainFields: MODULE_FIRST },
    "sdk-one-module/esm-nochain": { file: "sdk-one-module.ts", mainFields: MODULE_FIRST, external: chain },
    "official-one/esm-nochain": { file: "official-one.ts", mainFields: MODULE_FIRST, external: chain },
    // The headline: the baseline program and one operation in one bundle.
    "app-one/esm-nochain": { file: "app-one.ts", mainFields: MODULE_FIRST, external: chain },
    "app-official-one/esm-nochain": { file: "app-official-one.ts", mainFields: MODULE_FIRST, external: chain },
    "app-smithy/esm": { file: "app-smithy.ts", mainFields: MODULE_FIRST },
    "sdk-one-module/split": { file: "sdk-one-module.ts", splitting: true },
    "sdk-one-module/esm-split": { file: "sdk-one-module.ts", mainFields: MODULE_FIRST, splitting: true },
  }
  for (const [name, { file, mainFields, external, splitting }] of Object.entries(entries)) {
    const entryPoint = Path.join(file.startsWith("official-") ? BENCH : KIT_DIR, "bundle", file)
    const result = await esbuild.build({
      entryPoints: [entryPoint],
      bundle: true,
      minify: true,
      platform: "node",
      format: "esm",
      target: "node20",
      write: false,
      metafile: true,
      logLevel: "error",
      ...(mainFields ? { mainFields } : {}),
      ...(external ? { external } : {}),
      // Not written (`write: false`); esbuild needs a directory to name the chunks.
      ...(splitting ? { splitting: true, outdir: Path.join(OUT, "split") } : {}),
    })
    const code = result.outputFiles.map((o) => o.text).join("\n")
    if (splitting) {
      const sizes = splitSizes(result, Path.relative(REPO, entryPoint))
      splitBundles[name] = sizes
      bundles[name] = { raw: sizes.withCredentialsRaw, gzip: sizes.withCredentials, leaks: UNUSED_MARKERS.filter((m) => code.includes(m)) }
      log(
        `bundle ${name}: ${sizes.chunks} chunks; ${(sizes.startup / 1024).toFixed(1)} KB gzip at startup, ${(sizes.withCredentials / 1024).toFixed(1)} KB with credentials, ${(sizes.all / 1024).toFixed(1)} KB in all`,
      )
      continue
    }
    bundles[name] = {
      raw: Buffer.byteLength(code),
      gzip: Zlib.gzipSync(code, { level: 9 }).length,
      leaks: name.startsWith("sdk-one") || name.startsWith("app-one") ? UNUSED_MARKERS.filter((m) => code.includes(m)) : [],
    }
    if (name === "baseline/esm" || name === "app-one/esm-nochain") metafiles[name] = result.metafile
    if (name === "app-one/esm-nochain" && metafiles["baseline/esm"]) {
      const added = addedBytes(result.metafile, metafiles["baseline/esm"])
      bundleDetail.unshift(
        `What the headline adds to the baseline, by package (this package by folder), before gzip: ${largest(added, 8)}; in all ${(Object.values(added).reduce((a, b) => a + b, 0) / 1024).toFixed(1)} KB minified.`,
      )
    }
    if (name === "sdk-one-module/esm-nochain") {
      // Where the one-operation program's bytes come from, by package / source file.
      bundleDetail.unshift(
        `One-operation program alone (module import, \`mainFields: module,main\`, credential chain external), largest contributors before gzip: ${contributors(result.metafile, 14)}.`,
      )
    }
    if (name === "sdk-one-module/nochain") {
      bundleDetail.push(
        `With esbuild's default \`mainFields\` (CommonJS for AWS packages without an \`exports\` map) and the chain external, largest contributors other than effect and src/: ${contributors(result.metafile, 6, (k) => k === "effect" || k.startsWith("src/") || k.startsWith("bench/"))}.`,
      )
    }
    log(
      `bundle ${name}: ${(bundles[name]!.raw / 1024).toFixed(1)} KB, ${(bundles[name]!.gzip / 1024).toFixed(1)} KB gzip${bundles[name]!.leaks.length ? `; contains ${bundles[name]!.leaks.join(", ")}` : ""}`,
    )
  }
}

const profile = async (endpoint: string) => {
  const dir = Path.join(OUT, "prof")
  Fs.mkdirSync(dir, { recursive: true })
  for (const op of OPS) {
    for (const client of ["sdk", "raw"]) {
      const worker = await startWorker({ client, op, endpoint, warmup: 2000 }, [
        "--cpu-prof",
        `--cpu-prof-dir=${dir}`,
        `--cpu-prof-name=${client}-${op}.cpuprofile`,
      ])
      await worker.request({ calls: 20000 })
      await worker.stop()
    }
  }
  log(`profiles in ${dir}`)
}

// -----------------------------------------------------------------------------------------------
// report
// -----------------------------------------------------------------------------------------------

const f0 = (x: number | undefined) => (x === undefined ? "–" : x.toFixed(0))
const f1 = (x: number | undefined) => (x === undefined ? "–" : x.toFixed(1))
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? "–" : `${(a / b).toFixed(2)}×`)
/**
 * Per-call ratios are the median of the per-round ratios: the two rounds of a pair run one after
 * the other, so a slow spell of the (shared) machine falls on both and cancels out, where the
 * ratio of two medians taken over the whole run would carry it.
 */
const pairedRatio = (a: Array<number> | undefined, b: Array<number> | undefined): number | undefined =>
  a === undefined || b === undefined ? undefined : median(a.map((x, i) => x / b[i]!))
const paired = (a: Array<number> | undefined, b: Array<number> | undefined) => {
  const x = pairedRatio(a, b)
  return x === undefined ? "–" : `${x.toFixed(2)}×`
}
const kb = (x: number | undefined) => (x === undefined ? "–" : (x / 1024).toFixed(1))
const verdict = (ok: boolean | undefined) => (ok === undefined ? "" : ok ? " ✅" : " ❌")

const table = (): string => {
  const rows: Array<Array<string>> = []
  const header = ["measure", KIT.label, "official SDK", "floor / baseline", "ours ÷ official", "ours ÷ floor", "target"]
  const T = KIT.targets
  /** The per-call target of the flavor, as text, and whether the paired ratios meet it. */
  const cpuTarget = (ours: PerCall | undefined, official: PerCall | undefined, floor: PerCall | undefined, limit: number | undefined) => {
    const parts = [
      ...(T.official === undefined
        ? []
        : [
            {
              text: `≤${T.official}× official`,
              ok: ours && official ? pairedRatio(ours.rounds, official.rounds)! <= T.official : undefined,
            },
          ]),
      ...(limit === undefined
        ? []
        : [{ text: `≤${limit}× floor`, ok: ours && floor ? pairedRatio(ours.rounds, floor.rounds)! <= limit : undefined }]),
    ]
    if (parts.length === 0) return ""
    const ok = parts.some((p) => p.ok === undefined) ? undefined : parts.every((p) => p.ok)
    return `${parts.map((p) => p.text).join(", ")}${verdict(ok)}`
  }
  for (const op of OPS) {
    const name = op === "get" ? "GetPipelineState" : "CreatePipeline"
    const s = perCall[`sdk/${op}`],
      o = perCall[`official/${op}`],
      r = perCall[`raw/${op}`],
      p = perCall[`sdk-promise/${op}`]
    if (!s && !o && !r) continue
    rows.push([
      `${name}: client CPU µs/call`,
      f0(s?.cpu),
      f0(o?.cpu),
      f0(r?.cpu),
      paired(s?.rounds, o?.rounds),
      paired(s?.rounds, r?.rounds),
      cpuTarget(s, o, r, T.floor),
    ])
    rows.push([
      `${name}: wall µs/call`,
      f0(s?.wall),
      f0(o?.wall),
      f0(r?.wall),
      paired(s?.wallRounds, o?.wallRounds),
      paired(s?.wallRounds, r?.wallRounds),
      "",
    ])
    if (p)
      rows.push([
        `${name}: CPU µs/call, runPromise per call`,
        f0(p.cpu),
        f0(o?.cpu),
        f0(r?.cpu),
        paired(p.rounds, o?.rounds),
        paired(p.rounds, r?.rounds),
        T.floorPromise === undefined ? "" : cpuTarget(p, undefined, r, T.floorPromise),
      ])
    const t = perCall[`sdk-traced/${op}`]
    if (t)
      rows.push([
        `${name}: CPU µs/call, with a tracer installed (a span per call)`,
        f0(t.cpu),
        f0(o?.cpu),
        f0(r?.cpu),
        paired(t.rounds, o?.rounds),
        paired(t.rounds, r?.rounds),
        "",
      ])
    const b = perCall[`sdk-before/${op}`]
    if (b) {
      rows.push([
        `${name}: CPU µs/call, before (the SDK at ${BEFORE})`,
        f0(b.cpu),
        f0(o?.cpu),
        f0(r?.cpu),
        ratio(b.cpu, o?.cpu),
        ratio(b.cpu, r?.cpu),
        s ? `now ${ratio(s.cpu, b.cpu)} of before` : "",
      ])
      rows.push([
        `${name}: wall µs/call, before`,
        f0(b.wall),
        f0(o?.wall),
        f0(r?.wall),
        ratio(b.wall, o?.wall),
        ratio(b.wall, r?.wall),
        s ? `now ${ratio(s.wall, b.wall)} of before` : "",
      ])
    }
  }
  for (const size of [1000, 100]) {
    const s = paging[`sdk/${size}`],
      o = paging[`official/${size}`],
      r = paging[`raw/${size}`]
    if (!s) continue
    rows.push([
      `10,000 pipelines, pages of ${size}: wall ms`,
      f1(s.wall),
      f1(o?.wall),
      f1(r?.wall),
      ratio(s.wall, o?.wall),
      ratio(s.wall, r?.wall),
      "",
    ])
    rows.push([
      `10,000 pipelines, pages of ${size}: CPU ms`,
      f1(s.cpu),
      f1(o?.cpu),
      f1(r?.cpu),
      ratio(s.cpu, o?.cpu),
      ratio(s.cpu, r?.cpu),
      "",
    ])
  }
  if (cold["sdk"]) {
    rows.push([
      "cold start → first response, ms (bundled; floor = raw)",
      f1(cold["sdk"].first),
      f1(cold["official"]?.first),
      f1(cold["raw"]?.first),
      ratio(cold["sdk"].first, cold["official"]?.first),
      ratio(cold["sdk"].first, cold["raw"]?.first),
      `node alone: ${f1(cold["empty"]?.first)} ms`,
    ])
    rows.push([
      "cold start, spawn → exit, ms",
      f1(cold["sdk"].exit),
      f1(cold["official"]?.exit),
      f1(cold["raw"]?.exit),
      ratio(cold["sdk"].exit, cold["official"]?.exit),
      ratio(cold["sdk"].exit, cold["raw"]?.exit),
      `node alone: ${f1(cold["empty"]?.exit)} ms`,
    ])
  }
  if (imports["ours"] !== undefined) {
    rows.push([
      `import alone, ms (the package's Node build; baseline = ${KIT.baseline})`,
      f1(imports["ours"]),
      f1(imports["official"]),
      f1(imports["effect+platform"]),
      ratio(imports["ours"], imports["official"]),
      "",
      `effect alone: ${f1(imports["effect"])} ms`,
    ])
    const inc = imports["ours after effect+platform"]
    rows.push([
      `import added after ${KIT.baseline}, ms`,
      f1(inc),
      "",
      "",
      "",
      "",
      `≤${T.importMs} ms${verdict(inc === undefined ? undefined : inc <= T.importMs)}`,
    ])
  }
  if (bundles["baseline"]) {
    const size = (name: string) => (bundles[name] ? `${kb(bundles[name]!.gzip)} (${kb(bundles[name]!.raw)})` : "–")
    const over = (name: string, base: string) => (bundles[name] && bundles[base] ? bundles[name]!.gzip - bundles[base]!.gzip : undefined)
    const within = (x: number | undefined) => `≤15 KB${verdict(x === undefined ? undefined : x <= 15 * 1024)}`
    const gz = (name: string) => bundles[name]?.gzip
    // Only the headline is held to the target: a program's bundle minus the baseline program's bundle
    // is not what it adds to an app, since it leaves out whatever of the baseline it does not use
    // (for this SDK's default layer, @effect/platform's HttpClient and Effect's streams).
    const minus = (ours: string, official: string, base: string, label = "… minus the baseline program's bundle, KB gzip") =>
      rows.push([label, kb(over(ours, base)), kb(over(official, base)), "", "", "", ""])
    rows.push([
      "bundle, one op, in an Effect app: the baseline program and `getPipelineState` in one bundle (module import, `mainFields: module,main`, credential chain external), KB gzip (min.)",
      size("app-one/esm-nochain"),
      size("app-official-one/esm-nochain"),
      size("baseline/esm"),
      ratio(gz("app-one/esm-nochain"), gz("app-official-one/esm-nochain")),
      "",
      "",
    ])
    rows.push([
      "… added to the Effect baseline, KB gzip (**headline**)",
      kb(over("app-one/esm-nochain", "baseline/esm")),
      kb(over("app-official-one/esm-nochain", "baseline/esm")),
      "",
      "",
      "",
      within(over("app-one/esm-nochain", "baseline/esm")),
    ])
    const smithy = over("app-smithy/esm", "baseline/esm")
    if (smithy !== undefined) {
      rows.push([
        "… the Smithy signer alone, as its public `SignatureV4` (`@smithy/signature-v4`, hashing with `node:crypto`), added to the baseline",
        kb(smithy),
        "",
        "",
        "",
        "",
        "",
      ])
    }
    rows.push([
      `bundle, one op, the program alone, \`import { CodePipeline } from "${PACKAGE}"\`: KB gzip (min.)`,
      size("sdk-one"),
      size("official-one"),
      size("baseline"),
      ratio(gz("sdk-one"), gz("official-one")),
      "",
      "",
    ])
    minus("sdk-one", "official-one", "baseline")
    rows.push([
      `bundle, one op, the program alone, \`import * as CodePipeline from "${PACKAGE}/CodePipeline"\`, esbuild defaults`,
      size("sdk-one-module"),
      size("official-one"),
      size("baseline"),
      ratio(gz("sdk-one-module"), gz("official-one")),
      "",
      "",
    ])
    minus("sdk-one-module", "official-one", "baseline")
    rows.push([
      "… same, default credential chain external (imported lazily, only without credentials)",
      size("sdk-one-module/nochain"),
      size("official-one/nochain"),
      size("baseline"),
      ratio(gz("sdk-one-module/nochain"), gz("official-one/nochain")),
      "",
      "",
    ])
    minus("sdk-one-module/nochain", "official-one/nochain", "baseline")
    rows.push([
      "… esbuild `mainFields: module,main` (AWS packages as ESM)",
      size("sdk-one-module/esm"),
      size("official-one/esm"),
      size("baseline/esm"),
      ratio(gz("sdk-one-module/esm"), gz("official-one/esm")),
      "",
      "",
    ])
    minus("sdk-one-module/esm", "official-one/esm", "baseline/esm")
    rows.push([
      "… `mainFields: module,main`, default credential chain external (the headline's program, alone)",
      size("sdk-one-module/esm-nochain"),
      size("official-one/esm-nochain"),
      size("baseline/esm"),
      ratio(gz("sdk-one-module/esm-nochain"), gz("official-one/esm-nochain")),
      "",
      "",
    ])
    minus("sdk-one-module/esm-nochain", "official-one/esm-nochain", "baseline/esm")
    for (const [name, label] of [
      ["sdk-one-module/split", "esbuild defaults"],
      ["sdk-one-module/esm-split", "`mainFields: module,main`"],
    ] as const) {
      const split = splitBundles[name]
      if (!split) continue
      rows.push([
        `… code splitting, ${label}: loaded with credentials / at startup / all ${split.chunks} chunks`,
        `${kb(split.withCredentials)} / ${kb(split.startup)} / ${kb(split.all)}`,
        "",
        size(name.includes("esm") ? "baseline/esm" : "baseline"),
        "",
        "",
        "",
      ])
      minus(
        name,
        "",
        name.includes("esm") ? "baseline/esm" : "baseline",
        "… loaded with credentials, minus the baseline program's bundle, KB gzip",
      )
    }
    rows.push([
      "bundle, all 44 operations (`CodePipeline.client` / aggregated client)",
      size("sdk-all"),
      size("official-all"),
      size("baseline"),
      ratio(gz("sdk-all"), gz("official-all")),
      "",
      "",
    ])
    const leaks = (name: string) => bundles[name]?.leaks ?? []
    const shaken = (name: string) => (leaks(name).length === 0 ? "yes" : `no (${leaks(name).join(", ")})`)
    const moduleBuilds = Object.keys(bundles).filter((name) => name.startsWith("sdk-one-module") || name.startsWith("app-one"))
    rows.push([
      "one-op bundle free of unused operations: module import (every build above) / index import",
      `${shaken(moduleBuilds.find((n) => leaks(n).length > 0) ?? "sdk-one-module")} / ${shaken("sdk-one")}`,
      "",
      "",
      "",
      "",
      `tree-shaken${verdict(moduleBuilds.every((n) => leaks(n).length === 0))}`,
    ])
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const fmt = (cells: Array<string>) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`
  return [
    fmt(header),
    `|${widths.map((w, i) => (i === 0 ? ` ${"-".repeat(w)} ` : ` ${"-".repeat(w - 1)}: `)).join("|")}|`,
    ...rows.map(fmt),
  ].join("\n")
}

const machine = () => {
  const cpuinfo = Fs.existsSync("/proc/cpuinfo") ? Fs.readFileSync("/proc/cpuinfo", "utf8") : ""
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? Os.cpus()[0]?.model ?? "unknown"
  return `${Os.cpus().length} cores (\`nproc\`: ${Os.availableParallelism()}), ${model}, ${(Os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${Os.type()} ${Os.release()}; Node ${NODE_VERSION === undefined ? process.version : `v${NODE_VERSION}`}; esbuild ${esbuild.version}`
}

const writeResults = (text: string) => {
  const file = Path.join(REPO, "bench", "RESULTS.md")
  // One generated part per flavor and Node major, so that each run rewrites its own.
  const part = `${FLAVOR}:node${(NODE_VERSION ?? process.versions.node).split(".")[0]}`
  const start = `<!-- generated:${part}:start -->`
  const end = `<!-- generated:${part}:end -->`
  const generated = `${start}\n${text}\n${end}`
  const current = Fs.existsSync(file) ? Fs.readFileSync(file, "utf8") : "# Benchmark results\n"
  const i = current.indexOf(start)
  const j = current.indexOf(end)
  Fs.writeFileSync(file, i >= 0 && j > i ? current.slice(0, i) + generated + current.slice(j + end.length) : `${current}\n${generated}\n`)
  log(`wrote ${Path.relative(REPO, file)}`)
}

// -----------------------------------------------------------------------------------------------

const main = async () => {
  const started = performance.now()
  log("building")
  await build()
  const { child: server, endpoint } = await startServer()
  const stop = () => server.connected && server.disconnect()
  process.on("exit", () => server.kill())
  try {
    log(`server ${endpoint} (pid ${server.pid})`)
    // Only a flavor whose kit has shortcuts to check has a verify.ts.
    if (flag("verify") && Fs.existsSync(Path.join(KIT_DIR, "verify.ts"))) {
      log("verify")
      process.stderr.write(await run([Path.join(OUT, "verify.js")]))
    }
    if (flag("profile")) await profile(endpoint)
    if (ONLY.has("percall")) await measurePerCall(endpoint)
    if (ONLY.has("paging")) await measurePaging(endpoint)
    if (ONLY.has("cold")) await measureCold(endpoint)
  } finally {
    stop()
  }
  if (ONLY.has("imports")) await measureImports()
  if (ONLY.has("bundle")) await measureBundles()
  let breakdown: string | undefined
  if (ONLY.has("breakdown")) {
    log("breakdown")
    breakdown = (await run([Path.join(OUT, "breakdown.js"), ...(QUICK ? ["--quick"] : [])])).trim()
  }
  let inMemory: string | undefined
  if (ONLY.has("inmemory")) {
    log("in-memory")
    inMemory = (await run(["--expose-gc", Path.join(OUT, "inmemory.js"), ...(QUICK ? ["--quick"] : [])])).trim()
  }
  let emulator: string | undefined
  if (ONLY.has("emulator")) {
    log("emulator")
    emulator = (await run([Path.join(OUT, "emulatorSave.js"), ...(QUICK ? ["--quick"] : [])])).trim()
  }
  const seconds = (performance.now() - started) / 1000
  const text = [
    `### ${KIT.label}, Node ${NODE_VERSION ?? process.versions.node}`,
    "",
    `Run of ${new Date().toISOString()}${QUICK ? " (--quick: few iterations, not representative)" : ""}, ${seconds.toFixed(0)} s.`,
    "",
    `Machine: ${machine()}.`,
    "",
    table(),
    ...bundleDetail.flatMap((line) => ["", line]),
    ...(breakdown === undefined ? [] : ["", breakdown]),
    ...(inMemory === undefined ? [] : ["", inMemory]),
    ...(emulator === undefined ? [] : ["", emulator]),
  ].join("\n")
  process.stdout.write(`\n${text}\n`)
  if (!flag("no-write") && !QUICK) writeResults(text)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
