/**
 * The Node build of a package (`dist/node/`): what Node loads when a program imports the package,
 * next to the module build (`tsc`'s one file per module) that bundlers read.
 *
 * Each entry point of `package.json` names both: `module` (the module build; esbuild, webpack,
 * Rollup and Vite resolve the `module` condition, so a program's bundle keeps only what it uses,
 * as before) and `default` (this build; Node resolves no `module` condition). Why: Node spends
 * about 0.15 ms on each module file it imports, however small (resolving it, finding its package
 * scope, reading, compiling and linking it: 40 one-line modules imported in 5–6 ms on Node 24), and
 * the Effect 4 flavor's index loaded 49 files of its own and of the core. See `docs/architecture.md`
 * for what this build measured.
 *
 * How: the entry points of a group are re-exported, each as a namespace named after its subpath
 * (`CodePipeline`, `index`), by one generated module that esbuild bundles into `_<group>.js`, with
 * code splitting, so that what the modules load with `import()` stays in chunks of its own, loaded
 * on first use, and what two groups share exists once. Importing the main group loads one chunk of
 * the package's code, whatever else also uses that code: each other group, and each module loaded
 * with `import()`, imports the main group's entry for its effect on the chunks, so that what they
 * share with it is in the main group's chunk rather than in smaller chunks the main group would
 * also load (each file costs its resolution, and Effect 3's `effect/*` specifiers about 0.2 ms each
 * in every file that names them: measured below). The namespace objects esbuild writes are then
 * filled with their members' values instead of getters (`./namespaceLiterals.mjs`). Each entry point is then a small generated
 * file that takes its names from that bundle, so every entry point of the package shares one copy of
 * each class and service tag, as in the module build. Entry points listed with `--group <name>`
 * are in a group of that name instead of the main one, so that importing the package does not load
 * them: the flavors' testing modules; the core's testing modules and, apart from those, what only
 * a call needs (the codec's rules, the protocol, redaction: its `calls` group, which a flavor loads
 * with its first call or its testing modules) and what only the live client needs (signing with the
 * Smithy libraries, endpoints, the Node transport: its `live` group, loaded with a live layer).
 *
 * A package's bundles are also its entry points `./node` (the main group) and `./node/<group>` (no
 * types: they are for the Node builds of the packages that depend on it, not for programs). When a
 * dependency has them, this build imports the dependency's entry points from the bundle of their
 * group: one file for each group of the core's modules instead of a small file for each.
 *
 * Each entry point also names, before anything else, every file its import loads: its group's
 * chunks and the dependencies' bundles. Node reads a module's imports only once it has read and
 * compiled the module, so the chain entry point → bundle → chunk → the core's bundle → its chunk
 * was read one file after another; named at once, they are read side by side. With the first cut
 * of the core's `calls` group (signing, endpoints, transport; 2026-12-05, medians of 15 interleaved
 * processes importing the index after `effect` and its HTTP client, before → after): Node 20, the
 * Effect 4 flavor 18.2 → 16.4 ms, the Effect 3 flavor 19.7 → 17.6 ms; Node 24, 15.3 → 14.5 and
 * 15.7 → 14.9 ms. The codec's rules, protocol and redaction joining the group took the Effect 4
 * flavor's Node 20 import another 0.9 ms down (15.1 → 14.2 ms, with the namespaces filled).
 *
 * One chunk for the main group, against a chunk per set of groups that shares a module (2026-12-05,
 * Node 24, medians of 9 processes importing the index after `effect` and its HTTP client): the
 * Effect 4 flavor 18.1 → 16.1 ms (6 files → 5), the Effect 3 flavor 19.3 → 16.2 ms (9 files → 5,
 * and 45 → 25 `effect/*` specifiers to resolve).
 *
 *   node build/nodeBundle.mjs <package dir> [--group <name> <subpath> ...] ...
 *
 * Run by each package's `build` script, after `tsc`. An entry point whose `module` is missing from
 * the module build, or whose `default` is not the file this writes, stops the build.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import * as esbuild from "esbuild"
import { namespaceLiterals } from "./namespaceLiterals.mjs"

const USAGE = "usage: node build/nodeBundle.mjs <package dir> [--group <name> <subpath> ...] ..."
const [packageArg, ...rest] = process.argv.slice(2)
if (packageArg === undefined) throw new Error(USAGE)
const dir = path.resolve(packageArg)
/** Each entry point listed after `--group <name>`: the group it is in (the others are in `main`). */
const groupOf = new Map()
for (let i = 0, group; i < rest.length; i++) {
  if (rest[i] === "--group") {
    group = rest[++i]
    if (group === undefined || group === "main" || !/^[a-z]+$/.test(group))
      throw new Error(`${USAGE}: a group is named in lower case, and not main`)
  } else if (group === undefined) throw new Error(USAGE)
  else groupOf.set(rest[i], group)
}
const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"))
const OUT = path.join(dir, "dist", "node")

/** The entry points: subpath, the namespace it is in its group's bundle, its module build file, its group. */
const entries = []
for (const [subpath, target] of Object.entries(manifest.exports)) {
  if (subpath === "./package.json") continue
  if (subpath === "./node" || subpath.startsWith("./node/")) {
    const bundle = `./dist/node/_${subpath === "./node" ? "main" : subpath.slice("./node/".length)}.js`
    if (target !== bundle) throw new Error(`${manifest.name}: exports["${subpath}"] must be "${bundle}"`)
    continue
  }
  const name = subpath === "." ? "index" : subpath.slice(2)
  const expected = `./dist/node/${name}.js`
  if (typeof target !== "object" || target.module === undefined || target.default !== expected || !/^[A-Za-z_$][\w$]*$/.test(name)) {
    throw new Error(`${manifest.name}: exports["${subpath}"] must name its module build as "module" and ${expected} as "default"`)
  }
  const module = path.join(dir, target.module)
  if (!fs.existsSync(module)) throw new Error(`${manifest.name}: ${target.module} is missing (build the module build first)`)
  entries.push({ subpath, name, module, group: groupOf.get(subpath) ?? "main" })
}
for (const [subpath, group] of groupOf) {
  if (!entries.some((e) => e.subpath === subpath)) throw new Error(`${manifest.name}: ${subpath} (--group ${group}) is not an entry point`)
}

/** The dependencies with a Node build of their own (an entry point `./node`), with the entry point of each of its groups' bundles. */
const require = createRequire(path.join(dir, "package.json"))
const built = Object.fromEntries(
  Object.keys(manifest.dependencies ?? {}).flatMap((dep) => {
    const exports = JSON.parse(fs.readFileSync(require.resolve(`${dep}/package.json`), "utf8")).exports ?? {}
    const bundles = Object.keys(exports).filter((subpath) => subpath === "./node" || subpath.startsWith("./node/"))
    return exports["./node"] === undefined ? [] : [[dep, bundles.map((subpath) => dep + subpath.slice(1))]]
  }),
)
/** The specifiers of the built dependencies' bundles. */
const dependencyBundleSpecifiers = new Set(Object.values(built).flat())

// The names each entry point exports as Node sees the module build (types are not values), and, for
// each built dependency, the entry points in its groups' bundles: each with the bundle's specifier
// and the names of its namespace there.
const names = JSON.parse(
  execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const out = { entries: {}, deps: {} }
       for (const f of ${JSON.stringify(entries.map((e) => pathToFileURL(e.module).href))}) out.entries[f] = Object.keys(await import(f))
       for (const [d, bundles] of Object.entries(${JSON.stringify(built)})) {
         out.deps[d] = {}
         for (const b of bundles) {
           const bundle = await import(b)
           for (const ns of Object.keys(bundle)) out.deps[d][ns] = { bundle: b, names: Object.keys(bundle[ns]) }
         }
       }
       console.log(JSON.stringify(out))`,
    ],
    { cwd: dir, encoding: "utf8" },
  ),
)

/** A module that exports, each under its own name, the members `names` of the namespace `namespace` of `from`. */
const reexport = (namespace, from, names) =>
  [
    `import { ${namespace} as M } from ${JSON.stringify(from)}`,
    ...names.map((n) => (n === "default" ? "export default M.default" : `export const ${n} = M.${n}`)),
  ].join("\n")

/**
 * The package's own `#` imports (`package.json`'s `imports`), resolved as Node resolves them: the
 * first of Node's conditions (`node`, `import`, `default`) the target names, so never the `module`
 * target that bundlers take (see the Effect 3 flavor's `src/services/internal/liveModule.ts`).
 */
const NODE_CONDITIONS = new Set(["node", "import", "default"])
const nodeImports = {
  name: "node-imports",
  setup(build) {
    build.onResolve({ filter: /^#/ }, (args) => {
      let target = manifest.imports?.[args.path]
      while (target !== null && typeof target === "object") {
        target = Object.entries(target).find(([condition]) => NODE_CONDITIONS.has(condition))?.[1]
      }
      if (typeof target !== "string") return { errors: [{ text: `${args.path} is not in ${manifest.name}'s imports for Node` }] }
      return { path: path.join(dir, target) }
    })
  },
}

/** The module that stands for the entry point `sub` of the built dependency `dep`. */
const dependencyModule = ({ dep, sub }) => reexport(sub, names.deps[dep][sub].bundle, names.deps[dep][sub].names)

/** Imports of a built dependency's entry points, read from the bundle of their group instead. */
const dependencyBundles = {
  name: "dependency-node-builds",
  setup(build) {
    build.onResolve({ filter: /^(@[^/]+\/)?[^/@]+\/[^/]+$/ }, (args) => {
      const dep = Object.keys(built).find((d) => args.path.startsWith(`${d}/`))
      const sub = dep === undefined ? undefined : args.path.slice(dep.length + 1)
      if (dep === undefined || names.deps[dep][sub] === undefined) return undefined
      return { path: args.path, namespace: "dependency-node-build", pluginData: { dep, sub } }
    })
    build.onLoad({ filter: /.*/, namespace: "dependency-node-build" }, (args) => ({
      contents: dependencyModule(args.pluginData),
      loader: "js",
      resolveDir: dir,
    }))
  },
}

const options = {
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  // The input is JavaScript: no tsconfig's `paths` may pull another package's sources in.
  tsconfigRaw: {},
  plugins: [nodeImports, dependencyBundles],
  outdir: OUT,
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  // The module build's maps lead back to the TypeScript sources, which the package ships; only
  // the generated modules that read a dependency's bundle keep their text in the map (below).
  sourcemap: "linked",
  sourcesContent: true,
  legalComments: "none",
  logLevel: "warning",
}

fs.rmSync(OUT, { recursive: true, force: true })
const scratch = fs.mkdtempSync(path.join(dir, "dist", ".node-entries-"))
try {
  // The scratch entries are this script's, not the package's: importing one for its effect on
  // the chunks (below) must not be dropped as the package's side-effect-free code.
  fs.writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ sideEffects: true }))
  // Another group, and a module the package loads with `import()`, is loaded after the main group:
  // a bare import of the main group's entry makes what it shares with the main group part of the
  // main group's own chunk, not a chunk of its own that the main group would also have to load.
  const joinMainGroup = `import ${JSON.stringify(path.join(scratch, "main.js"))}\n`
  const groups = {}
  for (const e of entries) (groups[e.group] ??= []).push(e)
  const entryPoints = {}
  for (const [group, members] of Object.entries(groups)) {
    const file = path.join(scratch, `${group}.js`)
    const head = group === "main" ? "" : joinMainGroup
    fs.writeFileSync(file, head + members.map((e) => `export * as ${e.name} from ${JSON.stringify(e.module)}\n`).join(""))
    entryPoints[`_${group}`] = file
  }
  const probe = await esbuild.build({ ...options, entryPoints, write: false, metafile: true, sourcemap: false })
  const loadedLater = new Set(
    Object.values(probe.metafile.inputs).flatMap((input) =>
      input.imports.filter((i) => i.kind === "dynamic-import" && !i.external).map((i) => i.path),
    ),
  )
  const joinMain = {
    name: "join-main",
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (args) =>
        loadedLater.has(path.relative(process.cwd(), args.path))
          ? { contents: `${fs.readFileSync(args.path, "utf8")}\n${joinMainGroup}`, loader: "js" }
          : undefined,
      )
      build.onLoad({ filter: /.*/, namespace: "dependency-node-build" }, (args) =>
        loadedLater.has(`dependency-node-build:${args.path}`)
          ? { contents: `${dependencyModule(args.pluginData)}\n${joinMainGroup}`, loader: "js", resolveDir: dir }
          : undefined,
      )
    },
  }
  // `joinMain` first: its `onLoad`s take the modules it names before the others' do.
  const plugins = [joinMain, ...options.plugins]
  const { metafile } = await esbuild.build({ ...options, entryPoints, plugins, metafile: true })
  const outputs = Object.fromEntries(Object.entries(metafile.outputs).map(([file, output]) => [path.resolve(file), output]))
  /**
   * What importing a group's bundle loads, in the order Node runs it (each module after what it
   * imports): its chunks and the bundles of built dependencies. Node fetches a module's imports
   * only once it has read and compiled the module, so a chain of files (entry point, bundle, chunk,
   * the core's bundle, its chunk) is fetched one file after another; an entry point that names them
   * all at once lets Node fetch them side by side (measured in this module's comment).
   */
  const preloads = (bundle) => {
    const order = []
    const seen = new Set()
    const visit = (file) => {
      for (const i of outputs[file].imports) {
        if (i.kind !== "import-statement") continue
        if (i.external) {
          if (dependencyBundleSpecifiers.has(i.path) && !seen.has(i.path)) {
            seen.add(i.path)
            order.push(i.path)
          }
        } else if (!seen.has(path.resolve(i.path))) {
          seen.add(path.resolve(i.path))
          visit(path.resolve(i.path))
          order.push(`./${path.relative(OUT, path.resolve(i.path))}`)
        }
      }
    }
    visit(bundle)
    return order
  }
  for (const js of fs.readdirSync(OUT, { recursive: true }).filter((f) => f.endsWith(".js"))) {
    const file = path.join(OUT, js)
    fs.writeFileSync(file, namespaceLiterals(fs.readFileSync(file, "utf8")))
  }
  for (const map of fs.readdirSync(OUT, { recursive: true }).filter((f) => f.endsWith(".js.map"))) {
    const file = path.join(OUT, map)
    const json = JSON.parse(fs.readFileSync(file, "utf8"))
    json.sourcesContent = json.sources.map((source, i) => (source.startsWith("dependency-node-build:") ? json.sourcesContent[i] : null))
    fs.writeFileSync(file, JSON.stringify(json))
  }
  for (const e of entries) {
    const header = `// Generated by build/nodeBundle.mjs: ${manifest.name}${e.subpath.slice(1)} for Node, read from the bundle of its group.`
    const preload = preloads(path.join(OUT, `_${e.group}.js`)).map((file) => `import ${JSON.stringify(file)}\n`)
    const body = reexport(e.name, `./_${e.group}.js`, names.entries[pathToFileURL(e.module).href])
    fs.writeFileSync(path.join(OUT, `${e.name}.js`), `${header}\n${preload.join("")}${body}\n`)
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true })
}
