/**
 * build/namespaceLiterals.mjs: the Node build fills esbuild's namespace objects with their
 * members' values, or writes them as object literals of getters (cheaper to make at import). What a
 * program reads from them must not change.
 */
import { describe, expect, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import { namespaceLiterals as rewrite } from "../build/namespaceLiterals.mjs"

/** An ESM bundle (esbuild, as the Node build makes it) of modules given by name. */
const bundle = async (modules: Record<string, string>): Promise<string> => {
  const result = await esbuild.build({
    entryPoints: ["entry"],
    bundle: true,
    format: "esm",
    write: false,
    logLevel: "silent",
    plugins: [
      {
        name: "virtual",
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => ({ path: args.path.replace(/^\.\//, ""), namespace: "virtual" }))
          build.onLoad({ filter: /.*/, namespace: "virtual" }, (args) => ({ contents: modules[args.path], loader: "js" }))
        },
      },
    ],
  })
  return result.outputFiles[0]!.text
}

const run = (code: string): Promise<Record<string, unknown>> =>
  import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)

const modules = {
  entry: [
    `export * as Shapes from "./shapes"`,
    `export * as Plain from "./plain"`,
    `export * as Self from "./self"`,
    // Before \`other\`: a namespace is filled on the blank line before the next module.
    `export * as Destructured from "./destructured"`,
    `export * as Other from "./other"`,
    `export { later } from "./shapes"`,
    // Modules run by a lazy initializer (esbuild's \`__esm\`), as the Node build's \`--defer\` makes them.
    `export const loadLazy = () => require("./lazy")`,
    `export const loadCounter = () => require("./counter")`,
  ].join("\n"),
  // A live binding (\`later\`): this namespace must keep reading its members when used.
  shapes: `export const A = { name: "A" }\nexport function make() { return "made" }\nexport let later = 1\nexport const bump = () => { later++ }\nexport default "the default"`,
  // Constants, a function, a class and a default: this namespace can be filled once.
  plain: `export const X = { name: "X" }\nexport function f() { return "f" }\nexport class C {}\nexport const n = 1\nexport default "plain"`,
  // A live binding assigned by destructuring.
  destructured: `export let d = 1\nexport const set = () => { ({ d } = { d: 2 }) }`,
  // Reads its own namespace while it runs (a module cycle in one module).
  self: `import * as Self from "./self"\nexport const first = 1\nexport const seen = Object.keys(Self)\nexport const last = 2`,
  // Its own members, a hoisted function and a re-export of another lazily run module's binding.
  lazy: `import { helper } from "./helper"\nexport const L = { name: "L" }\nexport function g() { return "g" }\nexport class K {}\nexport { helper }`,
  helper: `export const helper = () => "helped"`,
  // A live binding in a lazily run module.
  counter: `export let count = 0\nexport const increment = () => { count++ }`,
  other: `import * as S from "./shapes"\nimport * as P from "./plain"\nexport const viaNamespace = () => S.A\nexport const plain = () => P\nexport const members = Object.keys(S)`,
}

describe("the Node build's namespace objects (build/namespaceLiterals.mjs)", () => {
  it("fill a namespace with its members' values once its module has run: the object esbuild made, frozen as a module namespace is", async () => {
    const code = await bundle(modules)
    expect(code).toContain("__export(plain_exports")
    const rewritten = rewrite(code)
    expect(rewritten).not.toMatch(/__export\(/)
    expect(rewritten).toMatch(/^Object\.freeze\(Object\.assign\(plain_exports, \{ C, X, default: plain_default, f, n \}\)\);/m)
    const after = await run(rewritten)
    expect((after["Other"] as { plain: () => unknown }).plain()).toBe(after["Plain"])
    expect(Object.isFrozen(after["Plain"])).toBe(true)
    expect(() => {
      ;(after["Plain"] as { n: number }).n = 2
    }).toThrow(TypeError)
  })

  it("give a program the same members, values and enumeration as before", async () => {
    const code = await bundle(modules)
    const [before, after] = [await run(code), await run(rewrite(code))]
    const view = (m: Record<string, any>) => ({
      shapes: Object.keys(m.Shapes),
      a: m.Shapes.A.name,
      made: m.Shapes.make(),
      fallback: m.Shapes.default,
      plain: Object.keys(m.Plain),
      plainValues: [m.Plain.X.name, m.Plain.f(), typeof m.Plain.C, m.Plain.n, m.Plain.default],
      self: [Object.keys(m.Self), m.Self.seen],
      viaNamespace: m.Other.viaNamespace().name,
      members: m.Other.members,
    })
    expect(view(after)).toEqual(view(before))
    expect(view(after).shapes).toEqual(["A", "bump", "default", "later", "make"])
    expect(view(after).self[1]).toEqual(["first", "last", "seen"])
  })

  it("keep reading a member when it is used if the module assigns it later, as in a module namespace", async () => {
    const rewritten = rewrite(await bundle(modules))
    expect(rewritten).toMatch(/get later\(\) \{ return later; \}/)
    const shapes = (await run(rewritten))["Shapes"] as { later: number; bump: () => void }
    expect(shapes.later).toBe(1)
    shapes.bump()
    expect(shapes.later).toBe(2)
  })

  it("keep reading a member when it is used if the module assigns it by destructuring", async () => {
    const destructured = (await run(rewrite(await bundle(modules))))["Destructured"] as { d: number; set: () => void }
    expect(destructured.d).toBe(1)
    destructured.set()
    expect(destructured.d).toBe(2)
  })

  it("keep reading members when used if the module reads its own namespace while it runs", async () => {
    expect(rewrite(await bundle(modules))).toMatch(/get seen\(\) \{ return seen; \}/)
  })

  it("keeps every line on its line, so the bundle's source map still holds", async () => {
    const code = await bundle(modules)
    const [before, after] = [code.split("\n"), rewrite(code).split("\n")]
    expect(after).toHaveLength(before.length)
    expect(after.filter((line, i) => line !== before[i]).length).toBeGreaterThan(0)
    // What changed: namespace lines, getters, blank lines where \`__export\` was, and the fill on a line that was blank.
    expect(after.filter((line, i) => line !== before[i] && !/exports|get |^\s*\};?$|^$/.test(line))).toEqual([])
    expect(
      after.filter((line, i) => line !== before[i] && line.startsWith("Object.freeze")).every((line) => before[after.indexOf(line)] === ""),
    ).toBe(true)
  })

  it("fill the namespace of a module run by a lazy initializer at the end of its body, once its bindings and what it re-exports are set", async () => {
    const code = await bundle(modules)
    expect(code).toMatch(/var init_lazy = __esm\(\{/)
    const rewritten = rewrite(code)
    expect(rewritten).toMatch(/^var lazy_exports = \{\};$/m)
    expect(rewritten).toMatch(/^ {2}Object\.freeze\(Object\.assign\(lazy_exports, \{ K, L, g, helper \}\)\); \}$/m)
    const view = (m: Record<string, any>) => {
      const lazy = m.loadLazy()
      return { keys: Object.keys(lazy), l: lazy.L.name, g: lazy.g(), helper: lazy.helper(), k: typeof lazy.K }
    }
    const [before, after] = [view(await run(code)), view(await run(rewritten))]
    expect(after).toEqual(before)
    expect(after).toEqual({ keys: ["K", "L", "g", "helper"], l: "L", g: "g", helper: "helped", k: "function" })
  })

  it("keep reading a member of a module run by a lazy initializer if the module assigns it again", async () => {
    const rewritten = rewrite(await bundle(modules))
    expect(rewritten).toMatch(/get count\(\) \{ return count; \}/)
    const counter = ((await run(rewritten))["loadCounter"] as () => { count: number; increment: () => void })()
    expect(counter.count).toBe(0)
    counter.increment()
    expect(counter.count).toBe(1)
  })

  it("leaves code not in esbuild's exact form as it is", () => {
    const other = "var ns = {};\n__export(ns, {\n  a: () => compute(),\n});\nvar other = {};\n__export(ns, {\n  b: () => b\n});"
    expect(rewrite(other)).toBe(other)
  })
})
