/**
 * build/namespaceLiterals.mjs: the Node build writes esbuild's namespace objects as object
 * literals (cheaper to make at import). What a program reads from them must not change.
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
  entry: `export * as Shapes from "./shapes"\nexport * as Other from "./other"\nexport { later } from "./shapes"`,
  shapes: `export const A = { name: "A" }\nexport function make() { return "made" }\nexport let later = 1\nexport const bump = () => { later++ }\nexport default "the default"`,
  other: `import * as S from "./shapes"\nexport const viaNamespace = () => S.A\nexport const members = Object.keys(S)`,
}

describe("the Node build's namespace objects (build/namespaceLiterals.mjs)", () => {
  it("are written as object literals with the members esbuild's helper would define", async () => {
    const code = await bundle(modules)
    expect(code).toContain("__export(")
    const rewritten = rewrite(code)
    expect(rewritten).not.toMatch(/__export\(/)
    expect(rewritten).toMatch(/get A\(\) \{ return A; \}/)
  })

  it("give a program the same members, values and enumeration as before", async () => {
    const code = await bundle(modules)
    const [before, after] = [await run(code), await run(rewrite(code))]
    const view = (m: Record<string, any>) => ({
      shapes: Object.keys(m.Shapes),
      a: m.Shapes.A.name,
      made: m.Shapes.make(),
      fallback: m.Shapes.default,
      viaNamespace: m.Other.viaNamespace().name,
      members: m.Other.members,
    })
    expect(view(after)).toEqual(view(before))
    expect(view(after).shapes).toEqual(["A", "bump", "default", "later", "make"])
  })

  it("read a member when it is used, so a later assignment shows, as in a module namespace", async () => {
    const after = await run(rewrite(await bundle(modules)))
    const shapes = after["Shapes"] as { later: number; bump: () => void }
    expect(shapes.later).toBe(1)
    shapes.bump()
    expect(shapes.later).toBe(2)
  })

  it("keeps every line on its line, so the bundle's source map still holds", async () => {
    const code = await bundle(modules)
    const [before, after] = [code.split("\n"), rewrite(code).split("\n")]
    expect(after).toHaveLength(before.length)
    expect(after.filter((line, i) => line !== before[i]).length).toBeGreaterThan(0)
    expect(after.filter((line, i) => line !== before[i] && !/exports|get |^\s*\};?$/.test(line))).toEqual([])
  })

  it("leaves code not in esbuild's exact form as it is", () => {
    const other = "var ns = {};\n__export(ns, {\n  a: () => compute(),\n});\nvar other = {};\n__export(ns, {\n  b: () => b\n});"
    expect(rewrite(other)).toBe(other)
  })
})
