/**
 * The published packages as a user receives them. `npm pack` runs once for the root package (the
 * Effect 4 flavor) and the published workspaces (the Effect 3 flavor, the core and the emulator;
 * each builds itself in `prepack`, as `npm publish` does), the tarballs are installed into a scratch
 * `node_modules` per Effect major (each flavor with the core and the emulator), and what is checked is what is in them:
 * licence, source maps that lead to sources, exports that resolve, nothing of the repository's
 * tooling, and documentation whose links land inside the tarball. Then the emulator's command runs
 * from a clean install of its package and the core alone, with neither `effect` nor
 * `@effect/platform` anywhere it could be found, and serves the official SDK.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process"
import { createRequire } from "node:module"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { promisify } from "node:util"
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineStateCommand,
  StartPipelineExecutionCommand,
} from "@aws-sdk/client-codepipeline"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const ROOT = path.join(import.meta.dirname, "..")
// The official SDK warns about Node 20 once per process; the warning is not about these tests.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true"

const run = promisify(execFile)

interface Packed {
  readonly name: string
  readonly filename: string
  readonly files: ReadonlyArray<{ readonly path: string }>
}

interface Package {
  readonly name: string
  /** The tarball `npm pack` made. */
  readonly tarball: string
  /** Where the tarball was unpacked: `<scratch>/node_modules/<name>`. */
  readonly dir: string
  /** Every path in the tarball, relative to the package root, `/`-separated. */
  readonly files: ReadonlySet<string>
  readonly manifest: {
    readonly name: string
    readonly license?: string
    readonly description?: string
    readonly keywords?: ReadonlyArray<string>
    readonly exports?: Record<string, unknown>
    readonly imports?: Record<string, { readonly module: string; readonly default: string }>
    readonly bin?: Record<string, string>
    readonly dependencies?: Record<string, string>
    readonly peerDependencies?: Record<string, string>
    readonly peerDependenciesMeta?: Record<string, { readonly optional?: boolean }>
  }
}

const ROOT_PACKAGE = "effect-codepipeline"
const EFFECT3_PACKAGE = "@effect-codepipeline/effect3"
const CORE_PACKAGE = "@effect-codepipeline/core"
const EMULATOR_PACKAGE = "@effect-codepipeline/emulator"
const all = [ROOT_PACKAGE, EFFECT3_PACKAGE, CORE_PACKAGE, EMULATOR_PACKAGE]
/** The flavors, each installed with the core and the emulator in a scratch of its own, since each brings its own `effect`. */
const FLAVORS = [ROOT_PACKAGE, EFFECT3_PACKAGE]
/** Where the repository installed each flavor's dependencies: its own node_modules first, then the hoisted ones. */
const dependencyDirs: Record<string, ReadonlyArray<string>> = {
  [ROOT_PACKAGE]: [path.join(ROOT, "node_modules")],
  [EFFECT3_PACKAGE]: [path.join(ROOT, "packages", "effect3", "node_modules"), path.join(ROOT, "node_modules")],
}

let scratch = ""
/** The scratch directory of each flavor (the core and the emulator are checked in the root's). */
const scratchOf = new Map<string, string>()
const packages = new Map<string, Package>()
const pkg = (name: string): Package => {
  const found = packages.get(name)
  if (found === undefined) throw new Error(`${name} was not packed`)
  return found
}

let tarballs = ""
beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "effect-codepipeline-pack-"))
  tarballs = path.join(scratch, "tarballs")
  fs.mkdirSync(tarballs)
  // The published workspaces only: a private one (the Effect 4 flavor while it is staged) is never packed for users.
  const published = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).workspaces as ReadonlyArray<string>).filter(
    (dir) => JSON.parse(fs.readFileSync(path.join(ROOT, dir, "package.json"), "utf8")).private !== true,
  )
  const selected = published.flatMap((dir) => ["--workspace", dir])
  const { stdout } = await run("npm", ["pack", ...selected, "--include-workspace-root", "--json", "--pack-destination", tarballs], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  })
  const packed = JSON.parse(stdout) as ReadonlyArray<Packed>
  expect(packed.map((p) => p.name).sort()).toEqual([...all].sort())
  for (const flavor of FLAVORS) {
    const dir = path.join(scratch, flavor.replace(/[^\w-]/g, "_"))
    fs.mkdirSync(dir)
    scratchOf.set(flavor, dir)
    const installed = []
    for (const p of packed.filter((p) => p.name === flavor || p.name === CORE_PACKAGE || p.name === EMULATOR_PACKAGE)) {
      const one = { ...(await install(dir, path.join(tarballs, p.filename))), files: new Set(p.files.map((f) => f.path)) }
      installed.push(one)
      if (p.name === flavor || flavor === ROOT_PACKAGE) packages.set(p.name, one)
    }
    linkDependencies(dir, installed, { peers: true, from: dependencyDirs[flavor]! })
  }
}, 300_000)

/**
 * Installs a tarball into `<dir>/node_modules` as npm does (unpacked, its `bin` entries linked into
 * `node_modules/.bin` and made executable), without a registry: no test reaches the internet.
 */
const install = async (dir: string, tarball: string): Promise<Omit<Package, "files">> => {
  const staging = fs.mkdtempSync(path.join(dir, "unpack-"))
  await run("tar", ["-xzf", tarball, "-C", staging, "--strip-components=1"])
  const manifest = JSON.parse(fs.readFileSync(path.join(staging, "package.json"), "utf8")) as Package["manifest"]
  const target = path.join(dir, "node_modules", manifest.name)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.renameSync(staging, target)
  for (const [bin, file] of Object.entries(manifest.bin ?? {})) {
    const link = path.join(dir, "node_modules", ".bin", bin)
    fs.mkdirSync(path.dirname(link), { recursive: true })
    fs.symlinkSync(path.relative(path.dirname(link), path.join(target, file)), link)
    fs.chmodSync(path.join(target, file), 0o755)
  }
  return { name: manifest.name, tarball, dir: target, manifest }
}

/**
 * What the installed packages need besides each other comes from this repository's install
 * (linked, from the first of `from` that has it): their dependencies, and with `peers` their peer
 * dependencies, optional ones included.
 */
const linkDependencies = (
  dir: string,
  installed: ReadonlyArray<Omit<Package, "files">>,
  options: { readonly peers: boolean; readonly from: ReadonlyArray<string> },
) => {
  const names = new Set(installed.map((p) => p.name))
  for (const { manifest } of installed) {
    for (const dependency of Object.keys({ ...manifest.dependencies, ...(options.peers ? manifest.peerDependencies : {}) })) {
      const link = path.join(dir, "node_modules", dependency)
      if (names.has(dependency) || fs.existsSync(link)) continue
      const source = options.from.map((modules) => path.join(modules, dependency)).find((candidate) => fs.existsSync(candidate))
      if (source === undefined) throw new Error(`${dependency} is not installed in ${options.from.join(" or ")}`)
      fs.mkdirSync(path.dirname(link), { recursive: true })
      fs.symlinkSync(source, link, "dir")
    }
  }
}

afterAll(() => {
  if (scratch !== "") fs.rmSync(scratch, { recursive: true, force: true })
})

/** Runs a module in a fresh `node` in the scratch directory where `name` is installed. */
const node = async (name: string, source: string): Promise<string> =>
  (
    await run(process.execPath, ["--input-type=module", "-e", source], {
      cwd: scratchOf.get(name === EFFECT3_PACKAGE ? name : ROOT_PACKAGE)!,
      timeout: 60_000,
    })
  ).stdout

// -----------------------------------------------------------------------------------------------
// Markdown links
// -----------------------------------------------------------------------------------------------

/** The markdown without its fenced code blocks (each left as an empty line). */
const withoutCodeBlocks = (markdown: string): string => {
  let fence: string | undefined
  return markdown
    .split("\n")
    .filter((line) => {
      const marker = /^[ \t]*(`{3,}|~{3,})/.exec(line)?.[1]
      if (fence === undefined) {
        // As in CommonMark, the info string of a backtick fence has no backtick (else it is inline code).
        if (marker !== undefined && !(marker.startsWith("`") && line.slice(line.indexOf(marker) + marker.length).includes("`")))
          fence = marker
        return fence === undefined
      }
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined
      return false
    })
    .join("\n")
}

/** The targets of inline links and link definitions, outside code spans and fenced blocks. */
const linkTargets = (markdown: string): ReadonlyArray<string> => {
  const prose = withoutCodeBlocks(markdown).replace(/`+[^`\n]*`+/g, "")
  return [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!),
  ]
}

const isRelative = (target: string) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("//")

/** The anchors of a markdown file's headings, as GitHub and npm make them. */
const anchorsOf = (markdown: string): ReadonlySet<string> => {
  const seen = new Map<string, number>()
  return new Set(
    [...withoutCodeBlocks(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => {
      const slug = m[1]!
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-")
      const n = seen.get(slug) ?? 0
      seen.set(slug, n + 1)
      return n === 0 ? slug : `${slug}-${n}`
    }),
  )
}

/**
 * Relative links of the given markdown files of a package that lead nowhere inside its tarball: to
 * a file or folder it does not contain, or to a heading its markdown file does not have.
 */
const brokenLinks = (p: Package, markdown: ReadonlyArray<string>): ReadonlyArray<string> =>
  markdown.flatMap((file) =>
    linkTargets(fs.readFileSync(path.join(p.dir, file), "utf8"))
      .filter(isRelative)
      .flatMap((target) => {
        const [, pathPart = "", fragment] = /^([^#?]*)(?:\?[^#]*)?(?:#(.*))?$/.exec(target)!
        const resolved =
          pathPart === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(pathPart))).replace(/\/$/, "")
        const found = !resolved.startsWith("../") && (p.files.has(resolved) || [...p.files].some((f) => f.startsWith(`${resolved}/`)))
        if (!found) return [`${file}: ${target}`]
        if (fragment === undefined || !resolved.endsWith(".md")) return []
        return anchorsOf(fs.readFileSync(path.join(p.dir, resolved), "utf8")).has(decodeURIComponent(fragment))
          ? []
          : [`${file}: ${target} (no such heading)`]
      }),
  )

const markdownOf = (p: Package) => [...p.files].filter((f) => f.endsWith(".md"))

// -----------------------------------------------------------------------------------------------

describe.each(all)("the %s tarball", (name) => {
  it("ships the Apache-2.0 licence its package.json declares", () => {
    const p = pkg(name)
    expect(p.manifest.license).toBe("Apache-2.0")
    expect(p.files.has("LICENSE")).toBe(true)
    const text = fs.readFileSync(path.join(p.dir, "LICENSE"), "utf8")
    expect(text).toContain("Apache License\n                           Version 2.0, January 2004")
    expect(text).toContain("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION")
    expect(text).toContain("END OF TERMS AND CONDITIONS")
  })

  it("has, for every source map, the sources it names (shipped or embedded)", () => {
    const p = pkg(name)
    const maps = [...p.files].filter((f) => f.endsWith(".map"))
    expect(maps.length).toBeGreaterThan(0)
    const missing = maps.flatMap((map) => {
      const {
        sources,
        sourceRoot = "",
        sourcesContent = [],
      } = JSON.parse(fs.readFileSync(path.join(p.dir, map), "utf8")) as {
        sources: ReadonlyArray<string>
        sourceRoot?: string
        sourcesContent?: ReadonlyArray<string | null>
      }
      return sources.flatMap((source, i) => {
        if (typeof sourcesContent[i] === "string") return []
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(map), sourceRoot, source))
        return p.files.has(resolved) ? [] : [`${map} -> ${source}`]
      })
    })
    expect(missing).toEqual([])
  })

  it("names no path of the machine that built it, in its code or its source maps", () => {
    const p = pkg(name)
    const repository = path.resolve(import.meta.dirname, "..")
    const naming = [...p.files].filter(
      (f) => /\.(js|mjs|map)$/.test(f) && fs.readFileSync(path.join(p.dir, f), "utf8").includes(repository),
    )
    expect(naming).toEqual([])
  })

  it("has the map each compiled file points to", () => {
    const p = pkg(name)
    const missing = [...p.files]
      .filter((f) => /\.(js|d\.ts)$/.test(f))
      .flatMap((file) => {
        const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(fs.readFileSync(path.join(p.dir, file), "utf8"))?.[1]
        if (url === undefined) return []
        const resolved = path.posix.join(path.posix.dirname(file), url)
        return p.files.has(resolved) ? [] : [`${file} -> ${url}`]
      })
    expect(missing).toEqual([])
  })

  it("contains no test, bench or codegen files", () => {
    const tooling = [...pkg(name).files].filter(
      (f) =>
        /^(test|codegen|packages|\.ci|node_modules)\//.test(f) ||
        (f.startsWith("bench/") && f !== "bench/RESULTS.md") ||
        f.startsWith("docs/tools/") ||
        /(^|\/)[^/]*\.test\.[jt]s$/.test(f) ||
        /(^|\/)(tsconfig[^/]*\.json|vitest\.config\.[jt]s|\.vitest-report\.json|\.gitignore)$/.test(f),
    )
    expect(tooling).toEqual([])
  })

  it("exports its package.json, so tools can read it with require.resolve", async () => {
    const out = await node(
      name,
      `
      import { createRequire } from "node:module"
      const require = createRequire(process.cwd() + "/")
      console.log(require(require.resolve(${JSON.stringify(`${name}/package.json`)})).name)
    `,
    )
    expect(out.trim()).toBe(name)
  })

  it("loads every entry point it exports", async () => {
    const subpaths = Object.keys(pkg(name).manifest.exports ?? {}).filter((s) => s !== "./package.json")
    expect(subpaths.length).toBeGreaterThan(0)
    const specifiers = subpaths.map((s) => (s === "." ? name : `${name}/${s.slice(2)}`))
    const out = await node(
      name,
      `
      for (const specifier of ${JSON.stringify(specifiers)}) {
        await import(specifier)
        console.log(specifier)
      }
    `,
    )
    expect(out.trim().split("\n")).toEqual(specifiers)
  })

  it("says what it is about on the registry (description and keywords)", () => {
    const { manifest } = pkg(name)
    expect(manifest.description?.length ?? 0).toBeGreaterThan(20)
    expect(manifest.keywords).toEqual(expect.arrayContaining(["aws", "codepipeline"]))
  })

  it("has no markdown link that leads outside the tarball or to a missing heading", () => {
    expect(brokenLinks(pkg(name), markdownOf(pkg(name)))).toEqual([])
  })
})

/** The packages with a Node build (`build/nodeBundle.mjs`): each entry point's `module` is the module build, its `default` the Node build. */
const BUNDLED = [ROOT_PACKAGE, EFFECT3_PACKAGE, CORE_PACKAGE]

/** An entry point's specifier, its module build and its Node build, as its package.json names them. */
const entryPointsOf = (p: Package) =>
  Object.entries((p.manifest.exports ?? {}) as Record<string, string | { readonly module?: string; readonly default: string }>).flatMap(
    ([subpath, target]) =>
      typeof target === "object" && target.module !== undefined
        ? [
            {
              specifier: subpath === "." ? p.name : `${p.name}/${subpath.slice(2)}`,
              name: subpath === "." ? "index" : subpath.slice(2),
              module: path.join(p.dir, target.module),
              node: path.join(p.dir, target.default),
            },
          ]
        : [],
  )

/** The specifiers of a package's Node bundles, one per group of entry points (`./node`, `./node/<group>`), for other packages' Node builds. */
const bundlesOf = (p: Package) =>
  Object.keys(p.manifest.exports ?? {})
    .filter((subpath) => subpath === "./node" || subpath.startsWith("./node/"))
    .map((subpath) => `${p.name}${subpath.slice(1)}`)

/** The specifiers a module of the Node build imports statically, in order (`import ... from "x"`, `export ... from "x"`, `import "x"`). */
const staticImports = (code: string): Array<string> =>
  [...code.matchAll(/^(?:import|export)\s(?:[^;"']*?\sfrom\s)?"([^"]+)";?$/gm)].map((m) => m[1]!)

describe.each(BUNDLED)("the %s tarball's two builds", (name) => {
  it("gives Node the Node build, which exports at each entry point the names the module build exports there", async () => {
    const entries = entryPointsOf(pkg(name))
    expect(entries.length).toBeGreaterThan(3)
    const out = JSON.parse(
      await node(
        name,
        `
        const out = []
        for (const e of ${JSON.stringify(entries)}) {
          const resolved = new URL(import.meta.resolve(e.specifier)).pathname
          const node = Object.keys(await import(e.specifier)).sort()
          const module = Object.keys(await import(new URL("file://" + e.module).href)).sort()
          out.push({ specifier: e.specifier, resolved, node, module })
        }
        console.log(JSON.stringify(out))
      `,
      ),
    ) as ReadonlyArray<{ specifier: string; resolved: string; node: Array<string>; module: Array<string> }>
    for (const [i, e] of out.entries()) {
      expect(fs.realpathSync(e.resolved), e.specifier).toBe(fs.realpathSync(entries[i]!.node))
      expect(e.node, e.specifier).toEqual(e.module)
    }
  })

  it("has one copy of each value in its Node build, whichever entry point a program imports it from", async () => {
    const p = pkg(name)
    const entries = entryPointsOf(p)
    // The flavors' index re-exports the other entry points as namespaces (or, for the errors, name
    // by name); the core's \`./node\` and \`./node/<group>\` are its groups' bundles, a namespace per entry point.
    const aggregates = name === CORE_PACKAGE ? bundlesOf(p) : [name]
    const out = JSON.parse(
      await node(
        name,
        `
        const all = Object.assign({}, ...(await Promise.all(${JSON.stringify(aggregates)}.map((a) => import(a)))))
        const out = { compared: 0, different: [] }
        for (const e of ${JSON.stringify(entries)}) {
          if (e.specifier === ${JSON.stringify(name)}) continue
          const entry = await import(e.specifier)
          const holder = typeof all[e.name] === "object" && all[e.name] !== null ? all[e.name] : Object.keys(entry).every((k) => k in all) ? all : undefined
          if (holder === undefined) continue
          for (const [k, v] of Object.entries(entry)) {
            out.compared++
            if (holder[k] !== v) out.different.push(e.specifier + " " + k)
          }
        }
        console.log(JSON.stringify(out))
      `,
      ),
    ) as { compared: number; different: Array<string> }
    expect(out.different).toEqual([])
    expect(out.compared).toBeGreaterThan(100)
  })

  it("gives bundlers the module build (the module condition), from which a program keeps what it uses", async () => {
    const esbuild = await import("esbuild")
    const entry = name === CORE_PACKAGE ? `${name}/Codec` : `${name}/CodePipeline`
    const result = await esbuild.build({
      stdin: {
        contents: `import * as M from ${JSON.stringify(entry)}\nconsole.log(Object.keys(M).length)`,
        resolveDir: scratchOf.get(name === EFFECT3_PACKAGE ? name : ROOT_PACKAGE)!,
      },
      bundle: true,
      platform: "node",
      format: "esm",
      write: false,
      metafile: true,
      external: ["effect", "effect/*", "@effect/*", "@smithy/*", "@aws-sdk/*"],
      logLevel: "silent",
    })
    const inputs = Object.keys(result.metafile.inputs).filter((f) => f.includes(name))
    expect(inputs.length).toBeGreaterThan(0)
    expect(inputs.filter((f) => f.includes("/dist/node/"))).toEqual([])
    // The package's own `#` imports too: a bundler takes their `module` target, Node their `default`.
    for (const target of Object.values(pkg(name).manifest.imports ?? {})) {
      expect(inputs.some((f) => f.endsWith(target.module.slice(2)))).toBe(true)
      expect(inputs.some((f) => f.endsWith(target.default.slice(2)))).toBe(false)
    }
  })

  it.runIf(name !== CORE_PACKAGE)(
    "loads the signing libraries with a live layer, not with the package or its testing modules",
    async () => {
      const out = JSON.parse(
        await node(
          name,
          `
        import { createRequire } from "node:module"
        const require = createRequire(import.meta.url)
        const smithy = () => Object.keys(require.cache).filter((file) => file.includes("/@smithy/")).length
        const { CodePipeline } = await import(${JSON.stringify(name)})
        await import(${JSON.stringify(`${name}/testing`)})
        const { Effect, Layer } = await import("effect")
        const atImport = smithy()
        const layer = CodePipeline.layer({ region: "eu-west-1", credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } })
        await Effect.runPromise(Effect.scoped(Layer.build(layer)))
        console.log(JSON.stringify({ atImport, withLayer: smithy() }))
      `,
        ),
      ) as { atImport: number; withLayer: number }
      expect(out.atImport).toBe(0)
      expect(out.withLayer).toBeGreaterThan(0)
    },
  )

  it.runIf(name !== CORE_PACKAGE)("loads the emulator's request handler with the emulator layer, not with its testing modules", () => {
    const p = pkg(name)
    const testing = entryPointsOf(p).find((e) => e.specifier === `${name}/testing`)!
    const statically = new Set<string>()
    const follow = (file: string) => {
      for (const specifier of staticImports(fs.readFileSync(file, "utf8"))) {
        if (!specifier.startsWith(".")) statically.add(specifier)
        else if (!statically.has(path.resolve(path.dirname(file), specifier))) {
          statically.add(path.resolve(path.dirname(file), specifier))
          follow(path.resolve(path.dirname(file), specifier))
        }
      }
    }
    follow(testing.node)
    // The bundle of the core's group that holds its \`Emulator\` entry point, which its Node entry reads.
    const emulator = entryPointsOf(pkg(CORE_PACKAGE)).find((e) => e.specifier === `${CORE_PACKAGE}/Emulator`)!
    const group = /from "\.\/_(\w+)\.js"/.exec(fs.readFileSync(emulator.node, "utf8"))![1]!
    expect(group).not.toBe("main")
    expect(statically).toContain(`${CORE_PACKAGE}/node/apart`)
    expect(statically).not.toContain(`${CORE_PACKAGE}/node/${group}`)
  })

  it("names in each Node entry point every file its import loads, so that Node reads them side by side", () => {
    const p = pkg(name)
    const dependencyBundles = new Set(
      BUNDLED.filter((d) => d !== name && p.manifest.dependencies?.[d] !== undefined).flatMap((d) => bundlesOf(pkg(d))),
    )
    let checked = 0
    for (const e of entryPointsOf(p)) {
      // What loading the entry point loads: the package's files, followed through their static
      // imports, and the bundles of the dependencies built the same way.
      const loaded = new Set<string>()
      const follow = (file: string) => {
        for (const specifier of staticImports(fs.readFileSync(file, "utf8"))) {
          if (specifier.startsWith(".")) {
            const target = path.resolve(path.dirname(file), specifier)
            if (!loaded.has(target)) loaded.add(target) && follow(target)
          } else if (dependencyBundles.has(specifier)) loaded.add(specifier)
        }
      }
      follow(e.node)
      const named = new Set(
        staticImports(fs.readFileSync(e.node, "utf8")).map((s) => (s.startsWith(".") ? path.resolve(path.dirname(e.node), s) : s)),
      )
      expect(
        [...loaded].filter((file) => !named.has(file)).map((file) => path.relative(p.dir, file)),
        e.specifier,
      ).toEqual([])
      checked += loaded.size
    }
    // At least its group's bundle and a chunk of the package's code for each.
    expect(checked).toBeGreaterThan(entryPointsOf(p).length)
  })
})

describe("the effect-codepipeline tarball's documentation", () => {
  it("the link check reports links to a missing file and to a missing heading (it checks something)", () => {
    const dir = fs.mkdtempSync(path.join(scratch, "links-"))
    fs.mkdirSync(path.join(dir, "docs"))
    fs.writeFileSync(path.join(dir, "README.md"), "[a](docs/a.md#usage) [b](docs/a.md#nope) [c](docs/c.md) [d](#top) `[e](e.md)`\n# Top\n")
    fs.writeFileSync(path.join(dir, "docs/a.md"), "# A\n## Usage\n")
    const fake: Package = { name: "fake", tarball: "", dir, files: new Set(["README.md", "docs/a.md"]), manifest: { name: "fake" } }
    expect(brokenLinks(fake, ["README.md"])).toEqual(["README.md: docs/a.md#nope (no such heading)", "README.md: docs/c.md"])
  })

  it("ships what the README links to: every relative link of the packed README resolves inside the tarball", () => {
    const p = pkg(ROOT_PACKAGE)
    const targets = linkTargets(fs.readFileSync(path.join(p.dir, "README.md"), "utf8")).filter(isRelative)
    expect(targets).toEqual(expect.arrayContaining(["docs/README.md", "docs/testing.md", "examples", "bench/RESULTS.md"]))
    expect(brokenLinks(p, ["README.md"])).toEqual([])
  })
})

describe.each(FLAVORS)("the %s tarball's install instructions", (name) => {
  it("tell users to install every peer dependency where they show how to install the package", () => {
    const p = pkg(name)
    // Optional peers are installed by those who need them (the emulator, for CodePipelineEmulator.layer).
    const peers = Object.keys(p.manifest.peerDependencies ?? {}).filter(
      (peer) => p.manifest.peerDependenciesMeta?.[peer]?.optional !== true,
    )
    // The package by name (not another package of this repository, such as the emulator).
    const installsIt = new RegExp(`\\bnpm (install|i|add)\\b.*(?:^|\\s)${name.replace(/[/.]/g, "\\$&")}(?:@\\S+)?(?:\\s|$)`)
    const installs = markdownOf(p).flatMap((file) =>
      fs
        .readFileSync(path.join(p.dir, file), "utf8")
        .split("\n")
        .filter((line) => installsIt.test(line))
        .map((line) => ({ file, line: line.trim() })),
    )
    expect(installs.length).toBeGreaterThan(0)
    for (const { file, line } of installs) {
      const words = line.split(/[\s`|]+/).map((word) => word.replace(/@[^@/]*$/, ""))
      expect(
        peers.filter((peer) => !words.includes(peer)),
        `${file}: ${line}`,
      ).toEqual([])
    }
  })
})

// -----------------------------------------------------------------------------------------------
// A consumer project of each flavor
// -----------------------------------------------------------------------------------------------

/**
 * Whether `version` satisfies a range as package.json writes them: `||` of space-separated
 * comparators (`^1.2.3`, `~1.2.3`, `>=1.2.3`, `<2.0.0`, `1.2.3`, `*`). Pre-release versions and
 * x-ranges other than `*` are not used by the ranges checked here, and are refused.
 */
const satisfies = (version: string, range: string): boolean => {
  const parse = (v: string) => {
    const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v.trim())
    if (m === null) throw new Error(`not a plain version: ${v}`)
    return [Number(m[1]), Number(m[2]), Number(m[3])] as const
  }
  const compare = (a: readonly number[], b: readonly number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!
  const v = parse(version)
  return range.split("||").some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        if (comparator === "*" || comparator === "") return true
        const [, op = "", bound = ""] = /^(\^|~|>=|<=|>|<|=)?(.*)$/.exec(comparator)!
        const b = parse(bound)
        const c = compare(v, b)
        if (op === "^") return c >= 0 && (b[0] > 0 ? v[0] === b[0] : b[1] > 0 ? v[0] === 0 && v[1] === b[1] : compare(v, b) === 0)
        if (op === "~") return c >= 0 && v[0] === b[0] && v[1] === b[1]
        if (op === ">=") return c >= 0
        if (op === ">") return c > 0
        if (op === "<=") return c <= 0
        if (op === "<") return c < 0
        return c === 0
      }),
  )
}

/**
 * Peer dependencies of the packages in `dir`'s node_modules (and of what they link to) that are
 * missing or of a version their range does not accept: what npm would warn about.
 */
const unmetPeers = (dir: string, names: ReadonlyArray<string>): ReadonlyArray<string> =>
  names.flatMap((name) => {
    const home = fs.realpathSync(path.join(dir, "node_modules", name))
    const manifest = JSON.parse(fs.readFileSync(path.join(home, "package.json"), "utf8"))
    return Object.entries((manifest.peerDependencies ?? {}) as Record<string, string>).flatMap(([peer, range]) => {
      let found: string
      try {
        found = createRequire(path.join(home, "package.json")).resolve(`${peer}/package.json`)
      } catch {
        return manifest.peerDependenciesMeta?.[peer]?.optional === true ? [] : [`${name}: ${peer}@${range} is missing`]
      }
      const version = JSON.parse(fs.readFileSync(found, "utf8")).version as string
      return satisfies(version, range) ? [] : [`${name}: ${peer}@${range}, found ${version}`]
    })
  })

/** A user's program: a pipeline created and read through the live layer against the emulator, and through the in-memory layer. */
const consumerProgram = (pkg: string) => `import { Effect, Redacted } from "effect"
import { start } from "@effect-codepipeline/emulator"
import { CodePipeline } from "${pkg}"
import { CodePipelineInMemory } from "${pkg}/testing"

const program = Effect.gen(function* () {
  yield* CodePipeline.createPipeline({
    pipeline: {
      name: "release",
      roleArn: "arn:aws:iam::123456789012:role/codepipeline",
      artifactStore: { type: "S3", location: "bucket" },
      stages: [
        {
          name: "Source",
          actions: [
            {
              name: "Source",
              actionTypeId: { category: "Source", owner: "AWS", provider: "S3", version: "1" },
              configuration: { S3Bucket: "b", S3ObjectKey: "k" },
              outputArtifacts: [{ name: "out" }],
            },
          ],
        },
        {
          name: "Approve",
          actions: [{ name: "Approve", actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" } }],
        },
      ],
    },
  })
  const state = yield* CodePipeline.getPipelineState({ name: "release" })
  return (state.stageStates ?? []).map((stage) => stage.stageName).join(",")
})

const emulator = await start({ port: 0 })
try {
  const live = CodePipeline.layer({
    region: emulator.region,
    endpoint: emulator.url,
    credentials: { accessKeyId: emulator.credentials.accessKeyId, secretAccessKey: Redacted.make(emulator.credentials.secretAccessKey) },
  })
  console.log("live:", await Effect.runPromise(program.pipe(Effect.provide(live))))
} finally {
  await emulator.close()
}
console.log("in-memory:", await Effect.runPromise(program.pipe(Effect.provide(CodePipelineInMemory.layer()))))
`

describe("the semver check of the consumer projects", () => {
  it("accepts and refuses as npm does, for the kinds of ranges the packages declare", () => {
    expect(satisfies("4.1.5", "^4.1.5")).toBe(true)
    expect(satisfies("4.2.0", "^4.1.5")).toBe(true)
    expect(satisfies("3.22.4", "^4.1.5")).toBe(false)
    expect(satisfies("4.1.4", "^4.1.5")).toBe(false)
    expect(satisfies("0.97.2", "^0.97.2")).toBe(true)
    expect(satisfies("0.98.0", "^0.97.2")).toBe(false)
    expect(satisfies("5.1.2", ">=5.0.0 <6.0.0")).toBe(true)
    expect(satisfies("6.0.0", ">=5.0.0 <6.0.0")).toBe(false)
    expect(satisfies("22.1.0", "^20.19.0 || >=22.12.0")).toBe(false)
    expect(satisfies("0.1.0", "0.1.0")).toBe(true)
  })
})

describe.each(FLAVORS)("a consumer project of %s (strict, NodeNext)", (name) => {
  let dir = ""
  beforeAll(() => {
    dir = scratchOf.get(name)!
    fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "consumer", private: true, type: "module" })}\n`)
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      `${JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          types: ["node"],
          outDir: "out",
          skipLibCheck: true,
        },
        files: ["main.ts"],
      })}\n`,
    )
    fs.writeFileSync(path.join(dir, "main.ts"), consumerProgram(name))
    // The compiler and Node's types, as the consumer's own devDependencies.
    for (const tool of ["typescript", "@types/node"]) {
      const link = path.join(dir, "node_modules", tool)
      if (!fs.existsSync(link)) {
        fs.mkdirSync(path.dirname(link), { recursive: true })
        fs.symlinkSync(path.join(ROOT, "node_modules", tool), link, "dir")
      }
    }
  })

  it("has every peer dependency of what it installed, at a version the range accepts (no peer warning)", () => {
    expect(
      unmetPeers(dir, [name, CORE_PACKAGE, EMULATOR_PACKAGE, "effect", ...(name === EFFECT3_PACKAGE ? ["@effect/platform"] : [])]),
    ).toEqual([])
  })

  it("compiles a program that yields CodePipeline operations", async () => {
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc")
    const result = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir }).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? String(error),
    )
    expect(result).toBe("")
  }, 120_000)

  it("runs it against the live layer pointed at the emulator and against the in-memory layer", async () => {
    const { stdout } = await run(process.execPath, [path.join(dir, "out", "main.js")], { cwd: dir, timeout: 60_000 })
    expect(stdout.trim().split("\n")).toEqual(["live: Source,Approve", "in-memory: Source,Approve"])
  }, 120_000)
})

describe("the @effect-codepipeline/emulator tarball's command", () => {
  it("is its built CLI, run by node (the root package has no bin any more)", () => {
    const p = pkg(EMULATOR_PACKAGE)
    expect(p.manifest.bin).toEqual({ "effect-codepipeline-emulator": "dist/cli.js" })
    expect(fs.readFileSync(path.join(p.dir, "dist/cli.js"), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true)
    expect(pkg(ROOT_PACKAGE).manifest.bin).toBeUndefined()
  })

  it.each(FLAVORS)("is an optional peer of %s: an app of the live client does not install it", (name) => {
    const { manifest } = pkg(name)
    expect(manifest.dependencies?.[EMULATOR_PACKAGE]).toBeUndefined()
    expect(manifest.peerDependencies?.[EMULATOR_PACKAGE]).toBeDefined()
    expect(manifest.peerDependenciesMeta?.[EMULATOR_PACKAGE]?.optional).toBe(true)
  })
})

describe("a clean install of @effect-codepipeline/emulator and the core, without Effect", () => {
  let clean = ""
  let child: ChildProcess | undefined

  beforeAll(async () => {
    // Apart from the scratch directory (which has effect installed for the root package), so that
    // nothing above it could provide effect either.
    clean = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-clean-install-"))
    fs.writeFileSync(path.join(clean, "package.json"), `${JSON.stringify({ name: "clean", private: true, type: "module" })}\n`)
    const installed = [await install(clean, pkg(CORE_PACKAGE).tarball), await install(clean, pkg(EMULATOR_PACKAGE).tarball)]
    linkDependencies(clean, installed, { peers: false, from: [path.join(ROOT, "node_modules")] })
  }, 120_000)

  afterAll(() => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
    if (clean !== "") fs.rmSync(clean, { recursive: true, force: true })
  })

  it("has neither effect nor @effect/platform where its modules could find them", async () => {
    const out = await run(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `
      for (const name of ["effect", "@effect/platform", "@effect-codepipeline/emulator", "@effect-codepipeline/core/Emulator"]) {
        console.log(name, await import(name).then(() => "found", (e) => e.code))
      }
    `,
      ],
      { cwd: clean },
    )
    expect(out.stdout.trim().split("\n")).toEqual([
      "effect ERR_MODULE_NOT_FOUND",
      "@effect/platform ERR_MODULE_NOT_FOUND",
      "@effect-codepipeline/emulator found",
      "@effect-codepipeline/core/Emulator found",
    ])
  })

  it("runs the installed effect-codepipeline-emulator bin on 127.0.0.1, which serves the official SDK, and stops on SIGTERM", {
    timeout: 60_000,
  }, async () => {
    const bin = path.join(clean, "node_modules", ".bin", "effect-codepipeline-emulator")
    const started = spawn(bin, ["--port", "0", "--action-duration", "100ms"], { cwd: clean, stdio: ["ignore", "pipe", "pipe"] })
    child = started
    let out = ""
    let err = ""
    const exit = new Promise<number | null>((resolve) => started.on("exit", (code) => resolve(code)))
    const url = await new Promise<string>((resolve, reject) => {
      started.stdout!.on("data", (d: Buffer) => {
        out += d.toString()
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
        if (found !== undefined && out.includes("Stop with")) resolve(found)
      })
      started.stderr!.on("data", (d: Buffer) => {
        err += d.toString()
      })
      void exit.then((code) => reject(new Error(`the emulator exited with ${code} before listening: ${err}`)))
    })
    const accessKeyId = /access key id:\s+(\S+)/.exec(out)![1]!
    const secretAccessKey = /secret access key:\s+(\S+)/.exec(out)![1]!
    const sdk = new CodePipelineClient({
      region: "us-east-1",
      endpoint: url,
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 1,
    })
    try {
      await sdk.send(
        new CreatePipelineCommand({
          pipeline: {
            name: "release",
            roleArn: "arn:aws:iam::123456789012:role/codepipeline",
            artifactStore: { type: "S3", location: "bucket" },
            stages: [
              {
                name: "Source",
                actions: [
                  {
                    name: "Source",
                    actionTypeId: { category: "Source", owner: "AWS", provider: "S3", version: "1" },
                    configuration: { S3Bucket: "b", S3ObjectKey: "k" },
                    outputArtifacts: [{ name: "out" }],
                  },
                ],
              },
              {
                name: "Approve",
                actions: [{ name: "Approve", actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" } }],
              },
            ],
          },
        }),
      )
      const { pipelineExecutionId } = await sdk.send(new StartPipelineExecutionCommand({ name: "release" }))
      // The execution CreatePipeline started waits for its approval; the one started here runs its
      // source (100 ms) too.
      let source: string | undefined
      for (let i = 0; i < 100 && source !== "Succeeded"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        const state = await sdk.send(new GetPipelineStateCommand({ name: "release" }))
        const latest = state.stageStates?.find((s) => s.stageName === "Source")?.latestExecution
        if (latest !== undefined && latest.pipelineExecutionId === pipelineExecutionId) source = latest.status
      }
      expect(source).toBe("Succeeded")
    } finally {
      sdk.destroy()
    }
    started.kill("SIGTERM")
    expect(await exit).toBe(0)
    expect(err).toContain("SIGTERM: stopping")
  })
})
