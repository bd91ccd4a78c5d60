// What importing the Effect 4 flavor's generated schemas and error classes costs, and what building
// the structures lazily saves: `npm run bench:imports --workspace packages/effect4-next [-- rounds]`
// (default 15 rounds), on the Node the workspace's npm scripts run (its node@24 devDependency).
//
// Each module is bundled on its own with esbuild (effect left external, as an app's bundler or
// Node would load it), then imported by a fresh `node` process after effect's own modules are
// loaded and after a turn of the event loop (see the root's bench/imports.ts for why), so that
// the time is this package's alone. Variants run interleaved, round after round; the medians are
// printed.
//
// - `baseline`: a module that imports effect/Schema and defines nothing: what loading any module
//   costs here, to subtract from the others;
// - `shapes`: src/schema/shapes.ts as it is: structures built on first use (`Schema.suspend`), the
//   other schemas at import;
// - `shapes (eager)`: the same with the structures built at import too;
// - `errors`: src/errors/index.ts, the 55 `Schema.TaggedError` classes (41 modeled, 14 common).
import { execFileSync } from "node:child_process"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const out = join(root, "node_modules", ".cache", "bench-imports")
mkdirSync(out, { recursive: true })
const rounds = Number(process.argv[2] ?? 15)

const SUSPENDED_STRUCT =
  'return Schema.suspend(() => Schema.Struct(typeof fields === "function" ? fields() : fields).annotate({ identifier })) as any'
const EAGER_STRUCT = 'return Schema.Struct(typeof fields === "function" ? fields() : fields).annotate({ identifier }) as any'

/** Bundles `entry` to `file`, with builders.ts rewritten by `rewrite`. */
const bundle = async (entry, file, rewrite = (s) => s) => {
  await build({
    entryPoints: [entry.startsWith("/") ? entry : join(root, entry)],
    outfile: join(out, file),
    bundle: true,
    format: "esm",
    platform: "node",
    packages: "external",
    logLevel: "warning",
    plugins: [
      {
        name: "builders",
        setup(b) {
          b.onLoad({ filter: /schema[/\\]internal[/\\]builders\.ts$/ }, (args) => ({
            contents: rewrite(readFileSync(args.path, "utf8")),
            loader: "ts",
          }))
        },
      },
    ],
  })
  return join(out, file)
}

const eager = (source) => {
  if (!source.includes(SUSPENDED_STRUCT)) throw new Error("builders.ts's struct changed: update bench/imports.mjs")
  return source.replace(SUSPENDED_STRUCT, EAGER_STRUCT)
}

writeFileSync(join(out, "baseline.ts"), 'import * as Schema from "effect/Schema"\nexport const schema = Schema.String\n')

const variants = [
  { name: "baseline", file: await bundle(join(out, "baseline.ts"), "baseline.js") },
  { name: "shapes", file: await bundle("src/schema/shapes.ts", "shapes.js") },
  { name: "shapes (eager)", file: await bundle("src/schema/shapes.ts", "shapes-eager.js", eager) },
  { name: "errors", file: await bundle("src/errors/index.ts", "errors.js") },
]

// Loads effect's modules, waits a turn, then times the import of argv[1].
const probe = `
for (const m of ["effect/Schema", "effect/Redacted", "effect/SchemaTransformation"]) await import(m)
await new Promise((resolve) => setTimeout(resolve, 0))
const t0 = performance.now()
await import(process.argv[1])
process.stdout.write(String(performance.now() - t0))
`

const times = new Map(variants.map((v) => [v.name, []]))
for (let round = 0; round < rounds; round++) {
  for (const { name, file } of variants) {
    const ms = Number(execFileSync(process.execPath, ["--input-type=module", "-e", probe, file], { cwd: out, encoding: "utf8" }))
    times.get(name).push(ms)
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
console.log(`Node ${process.versions.node}, ${rounds} interleaved rounds, medians (min–max):`)
for (const [name, xs] of times) {
  console.log(`  ${name.padEnd(20)} ${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`)
}
