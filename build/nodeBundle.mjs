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
 * them: the flavors' testing modules; the core's testing modules (the simulator and the server's
 * codecs: its `apart` group), the emulator's request handler (its `emulator` group, which the
 * flavors load with an emulator layer, not with their testing modules: their import on Node 24 about
 * 2 ms less, 41.4 → 39.3 ms, 2026-12-06, medians of 8 interleaved processes), and, apart from those,
 * what only a call needs (the codec's rules, the protocol, redaction: its `calls` group, which a
 * flavor loads with its first call or its testing modules) and what only the live client needs
 * (signing with the Smithy libraries, endpoints, the Node transport: its `live` group, loaded with a
 * live layer).
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
 * An entry point listed with `--defer` is in its group as the others are, but its module runs on the
 * first read of one of its members instead of when its group is imported (`deferModules` below):
 * the flavors' `Schemas`, which a program rarely reads and never at import.
 *
 *   node build/nodeBundle.mjs <package dir> [--defer <subpath>] ... [--group <name> <subpath> ...] ...
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

const USAGE = "usage: node build/nodeBundle.mjs <package dir> [--defer <subpath>] ... [--group <name> <subpath> ...] ..."
const [packageArg, ...rest] = process.argv.slice(2)
if (packageArg === undefined) throw new Error(USAGE)
const dir = path.resolve(packageArg)
/** Each entry point listed after `--group <name>`: the group it is in (the others are in `main`). */
const groupOf = new Map()
/** The entry points listed after `--defer`: their modules run on the first read of a member (see `deferModules`). */
const deferred = new Set()
for (let i = 0, group; i < rest.length; i++) {
  if (rest[i] === "--defer") {
    const subpath = rest[++i]
    if (subpath === undefined || subpath.startsWith("--")) throw new Error(`${USAGE}: --defer names one entry point`)
    deferred.add(subpath)
  } else if (rest[i] === "--group") {
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
for (const subpath of deferred) {
  if (!entries.some((e) => e.subpath === subpath)) throw new Error(`${manifest.name}: ${subpath} (--defer) is not an entry point`)
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

/**
 * The modules of the entry points listed with `--defer`, run on the first read of one of their
 * members instead of when the package is imported: Node compiles and runs a module's top level when
 * it is imported, and the flavors' `Schemas` (400 schemas, about half of the main chunk's code) are
 * read by few programs, and by none at import (the operations as data read theirs from a function,
 * `Operation.make`). Measured on 2026-12-06, Node 20, 11 interleaved processes importing the index
 * after `effect` and its HTTP client (medians): the Effect 4 flavor 13.0 → 10.3 ms, the Effect 3
 * flavor 14.3 → 12.3 ms. The bench's figures are in `bench/RESULTS.md`.
 *
 * How: the package's modules import a deferred module only as a namespace (`import * as S from`,
 * `export * as Schemas from`), and each such statement is rewritten to take instead one object
 * that `require()`s the module on its first use (`deferredNamespace`). esbuild bundles a module
 * that is `require()`d, and what it imports, in a lazy initializer (`__esm`), which that
 * `require()` runs; a module that imports it statically, as the testing modules do, runs it when
 * that module runs. Any other import of a deferred module stops the build: esbuild would run the
 * module where it is imported, and the deferral would be lost without a word.
 */
const deferredModules = new Set(entries.filter((e) => deferred.has(e.subpath)).map((e) => e.module))
/**
 * A module's static `import` and `export ... from` statements, as `tsc` and this build write them
 * (one at the start of a line): the clause, the namespace's name when it is `* as name`, the specifier.
 */
const STATEMENT =
  /^([ \t]*)(import|export)(\s+\*\s+as\s+([\w$]+)\s+from|\s*\{[^}]*\}\s*from|\s+[\w$]+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+[\w$]+))?\s+from|\s+\*\s+from|)\s*(["'])([^"']+)\5[ \t]*;?/gm
/** `contents` (the module `file`) with its namespace imports of deferred modules taking the deferred namespace instead. */
const deferImports = (file, contents) =>
  contents.replace(STATEMENT, (statement, indent, keyword, _clause, namespace, _quote, specifier) => {
    const target = specifier.startsWith(".") || path.isAbsolute(specifier) ? path.resolve(path.dirname(file), specifier) : undefined
    if (target === undefined || !deferredModules.has(target)) return statement
    if (namespace === undefined) {
      throw new Error(
        `${path.relative(dir, file)}: \`${statement.trim()}\` — a module the build defers (--defer) is imported as a namespace only`,
      )
    }
    return `${indent}${keyword} { deferred as ${namespace} } from ${JSON.stringify(`deferred:${path.relative(dir, target)}`)};`
  })
/**
 * The object that stands for a deferred module's namespace: a `Proxy` whose every trap runs the
 * module first (once), then answers from an object filled with the module's members and frozen, as
 * a module namespace is. Its members are read once, when the module has run, so a deferred module
 * must not assign its exports again (`Schemas` declares constants). A proxy rather than an object of
 * getters, since a getter per member is a function for V8 to make at import (400 for `Schemas`:
 * about 0.7 ms on Node 20, measured as in `namespaceLiterals.mjs`). What a program reads, enumerates
 * or tests with `in` is the module's.
 */
const deferredNamespace = (module) =>
  [
    "const members = {}",
    "let loaded = false",
    "const load = () => {",
    `  if (!loaded) Object.freeze(Object.assign(members, require(${JSON.stringify(`./${path.basename(module)}`)})))`,
    "  loaded = true",
    "  return members",
    "}",
    // Node's `util.inspect` shows a proxy's target, read without the traps: this shows the members.
    'Object.defineProperty(members, Symbol.for("nodejs.util.inspect.custom"), {',
    "  value: (_depth, options, inspect) => inspect({ ...load() }, options),",
    "})",
    "export const deferred = new Proxy(members, {",
    "  get: (_, key) => load()[key],",
    "  has: (_, key) => key in load(),",
    "  ownKeys: () => Reflect.ownKeys(load()),",
    "  getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(load(), key),",
    "  isExtensible: () => Reflect.isExtensible(load()),",
    "  preventExtensions: () => Reflect.preventExtensions(load()),",
    "  defineProperty: () => false,",
    "  set: () => false,",
    "  deleteProperty: () => false,",
    "  setPrototypeOf: () => false,",
    "})",
  ].join("\n")
const deferModules = {
  name: "defer-modules",
  setup(build) {
    // Named by its module's path in the package, so that the source maps, which keep its text, show
    // no path of the machine that built it.
    build.onResolve({ filter: /^deferred:/ }, (args) => ({ path: args.path.slice("deferred:".length), namespace: "deferred" }))
    build.onLoad({ filter: /.*/, namespace: "deferred" }, (args) => ({
      contents: deferredNamespace(args.path),
      loader: "js",
      resolveDir: path.dirname(path.join(dir, args.path)),
    }))
    build.onLoad({ filter: /\.js$/ }, (args) => {
      if (deferredModules.size === 0) return undefined
      const contents = fs.readFileSync(args.path, "utf8")
      const rewritten = deferImports(args.path, contents)
      return rewritten === contents ? undefined : { contents: rewritten, loader: "js" }
    })
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
  plugins: [nodeImports, dependencyBundles, deferModules],
  outdir: OUT,
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  // The module build's maps lead back to the TypeScript sources, which the package ships; only
  // the generated modules (that read a dependency's bundle, or stand for a deferred module) keep their text in the map (below).
  sourcemap: "linked",
  sourcesContent: true,
  legalComments: "none",
  logLevel: "warning",
}

fs.rmSync(OUT, { recursive: true, force: true })
// A fixed place, so that what the bundles' source maps name of it is the same in every build.
const scratch = path.join(dir, "dist", ".node-entries")
fs.rmSync(scratch, { recursive: true, force: true })
fs.mkdirSync(scratch, { recursive: true })
try {
  // The scratch entries are this script's, not the package's: importing one for its effect on
  // the chunks (below) must not be dropped as the package's side-effect-free code.
  fs.writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ sideEffects: true }))
  // Another group, and a module the package loads with `import()`, is loaded after the main group:
  // a bare import of the main group's entry makes what it shares with the main group part of the
  // main group's own chunk, not a chunk of its own that the main group would also have to load.
  // Relative to the importing module, so that a module whose text the maps keep names no path of the machine.
  const joinMainGroup = (from) => {
    const specifier = path.relative(from, path.join(scratch, "main.js")).split(path.sep).join("/")
    return `import ${JSON.stringify(specifier.startsWith("../") ? specifier : `./${specifier}`)}\n`
  }
  const groups = {}
  for (const e of entries) (groups[e.group] ??= []).push(e)
  const entryPoints = {}
  for (const [group, members] of Object.entries(groups)) {
    const file = path.join(scratch, `${group}.js`)
    const head = group === "main" ? "" : joinMainGroup(scratch)
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
          ? {
              contents: `${deferImports(args.path, fs.readFileSync(args.path, "utf8"))}\n${joinMainGroup(path.dirname(args.path))}`,
              loader: "js",
            }
          : undefined,
      )
      build.onLoad({ filter: /.*/, namespace: "dependency-node-build" }, (args) =>
        loadedLater.has(`dependency-node-build:${args.path}`)
          ? { contents: `${dependencyModule(args.pluginData)}\n${joinMainGroup(dir)}`, loader: "js", resolveDir: dir }
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
    json.sourcesContent = json.sources.map((source, i) =>
      source.startsWith("dependency-node-build:") || source.startsWith("deferred:") ? json.sourcesContent[i] : null,
    )
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
