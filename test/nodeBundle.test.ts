/**
 * build/nodeBundle.mjs, `--defer`: in a package's Node build, a deferred entry point's module runs
 * on the first read of one of its members, not when the package is imported; what a program reads
 * stays what the module build gives. Checked on a small package built here, in a directory of its own.
 */
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "@effect/vitest"

const run = promisify(execFile)
const NODE_BUNDLE = path.resolve(import.meta.dirname, "..", "build", "nodeBundle.mjs")
const roots: Array<string> = []
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true })
})

const entry = (name: string, file: string) => ({ module: `./dist/src/${file}`, default: `./dist/node/${name}.js` })

/** A package whose `Heavy` module counts its runs, read by `Ops` as a namespace, and by `extra` as given. */
const fixture = (extra: string): string => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "node-bundle-"))
  roots.push(root)
  const src = path.join(root, "dist", "src")
  fs.mkdirSync(src, { recursive: true })
  fs.writeFileSync(
    path.join(root, "package.json"),
    JSON.stringify({
      name: "fixture",
      type: "module",
      sideEffects: false,
      exports: { ".": entry("index", "index.js"), "./Heavy": entry("Heavy", "Heavy.js"), "./Ops": entry("Ops", "ops.js") },
    }),
  )
  fs.writeFileSync(
    path.join(src, "Heavy.js"),
    "globalThis.heavyRuns = (globalThis.heavyRuns ?? 0) + 1\nexport const a = 1\nexport const b = { n: 2 }\n",
  )
  fs.writeFileSync(path.join(src, "ops.js"), `import * as H from "./Heavy.js"\nexport const total = () => H.a + H.b.n\n${extra}`)
  fs.writeFileSync(path.join(src, "index.js"), 'export * as Heavy from "./Heavy.js"\nexport * as Ops from "./ops.js"\n')
  return root
}

const build = (root: string, ...args: Array<string>) => run(process.execPath, [NODE_BUNDLE, root, ...args])

/**
 * What a module printed that runs `body` after importing the package's Node build as `m`
 * (`heavy`: the URL of its `Heavy` entry point).
 */
const runWithBuild = async (root: string, body: string): Promise<string> => {
  const url = (name: string) => JSON.stringify(pathToFileURL(path.join(root, "dist", "node", `${name}.js`)).href)
  const { stdout } = await run(process.execPath, [
    "--input-type=module",
    "-e",
    `import * as Util from "node:util"\nconst heavy = ${url("Heavy")}\nconst m = await import(${url("index")})\n${body}`,
  ])
  return stdout.trim()
}

/** What a program sees that imports the package's Node build, then reads `Ops` and `Heavy`. */
const observe = async (root: string) =>
  JSON.parse(
    await runWithBuild(
      root,
      `const atImport = globalThis.heavyRuns ?? 0
       const total = m.Ops.total()
       const afterRead = globalThis.heavyRuns ?? 0
       const keys = Object.keys(m.Heavy)
       const entry = await import(heavy)
       console.log(JSON.stringify({ atImport, total, afterRead, keys, has: "a" in m.Heavy, same: entry.b === m.Heavy.b, runs: globalThis.heavyRuns }))`,
    ),
  )

describe("the Node build's deferred modules (build/nodeBundle.mjs --defer)", () => {
  it("run a deferred module on the first read of one of its members, once, not when the package is imported", async () => {
    const root = fixture("")
    await build(root, "--defer", "./Heavy")
    expect(await observe(root)).toEqual({ atImport: 0, total: 3, afterRead: 1, keys: ["a", "b"], has: true, same: true, runs: 1 })
  })

  it("run the module at import without --defer (what the option changes)", async () => {
    const root = fixture("")
    await build(root)
    expect((await observe(root)).atImport).toBe(1)
  })

  it("give the deferred module's namespace as a module namespace is: read-only", async () => {
    const root = fixture("")
    await build(root, "--defer", "./Heavy")
    const out = await runWithBuild(
      root,
      `const refused = (f) => { try { f(); return false } catch (e) { return e instanceof TypeError } }
       console.log(JSON.stringify([refused(() => { m.Heavy.a = 2 }), refused(() => { delete m.Heavy.a }), m.Heavy.a, Object.isFrozen(m.Heavy)]))`,
    )
    expect(JSON.parse(out)).toEqual([true, true, 1, true])
  })

  it("show the deferred module's members when a program inspects its namespace, before any read", async () => {
    const root = fixture("")
    await build(root, "--defer", "./Heavy")
    expect(await runWithBuild(root, "console.log(Util.inspect(m.Heavy))")).toBe("{ a: 1, b: { n: 2 } }")
  })

  it("stops the build when a module imports a deferred module's bindings by name, which it would read before the module runs", async () => {
    const root = fixture('import { a } from "./Heavy.js"\nexport const first = () => a\n')
    const failure = await build(root, "--defer", "./Heavy").then(
      () => undefined,
      (error: { stderr: string }) => error.stderr,
    )
    expect(failure).toContain(
      'ops.js: `import { a } from "./Heavy.js"` — a module the build defers (--defer) is imported as a namespace only',
    )
  })

  it("stops the build when --defer names no entry point", async () => {
    const root = fixture("")
    const failure = await build(root, "--defer", "./Missing").then(
      () => undefined,
      (error: { stderr: string }) => error.stderr,
    )
    expect(failure).toContain("fixture: ./Missing (--defer) is not an entry point")
  })
})
