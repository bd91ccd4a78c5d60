/**
 * The two Effect flavors as one SDK: the root package (Effect 4) and `@effect-codepipeline/effect3`
 * (Effect 3) publish the same entry points, each exporting the same names, and each resolves the
 * Effect major it declares.
 */
import { readdirSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join, relative } from "node:path"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"

const root = join(import.meta.dirname, "..")

/**
 * Each Effect flavor of the SDK and the folders its Effect-importing files live in. Workspaces
 * resolve `effect` by folder: a flavor whose own copy is missing silently gets the one hoisted to
 * the root, which is the other major.
 */
const flavors = [
  { name: "effect-codepipeline (root, Effect 4)", dir: root, folders: ["src", "test", "examples", "bench"] },
  { name: "@effect-codepipeline/effect3", dir: join(root, "packages", "effect3"), folders: ["src", "test", "bench"] },
] as const

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
const majorOf = (range: string) => Number(/\d+/.exec(range)?.[0])

const sources = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name)
    return entry.isDirectory() ? (entry.name === "node_modules" ? [] : sources(full)) : entry.name.endsWith(".ts") ? [full] : []
  })

const importsEffect = (file: string) => /from\s+["']effect(?:\/[^"']*)?["']/.test(readFileSync(file, "utf8"))

describe("each flavor loads the Effect major it declares", () => {
  for (const { name, dir, folders } of flavors) {
    it(`${name}, from every file of it that imports effect`, () => {
      const manifest = manifestOf(dir)
      const declared = majorOf(manifest.peerDependencies?.effect ?? manifest.dependencies?.effect)
      const files = folders.flatMap((folder) => sources(join(dir, folder))).filter(importsEffect)
      expect(files.length).toBeGreaterThan(2)
      const wrong = files.filter((file) => {
        const resolved = createRequire(file).resolve("effect/package.json")
        return majorOf(JSON.parse(readFileSync(resolved, "utf8")).version) !== declared
      })
      expect(wrong.map((file) => relative(root, file))).toEqual([])
    })
  }

  it("the two flavors declare different majors: 4 for the root, 3 for @effect-codepipeline/effect3", () => {
    expect(flavors.map(({ dir }) => majorOf(manifestOf(dir).peerDependencies.effect))).toEqual([4, 3])
  })
})

/** A flavor's entry points, from its package.json: the export's name and the source module behind it. */
const entryPoints = (dir: string): Map<string, string> =>
  new Map(
    Object.entries(manifestOf(dir).exports as Record<string, string | { readonly module: string }>)
      .filter(([name]) => name !== "./package.json")
      .map(([name, target]) => [
        name,
        join(dir, (typeof target === "string" ? target : target.module).replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts")),
      ]),
  )

// Loaded by path at run time, so that neither flavor's compiler program takes in the other's
// sources (each resolves its own effect, and is type-checked by its own tsconfig).
const load = (file: string): Promise<Record<string, unknown>> => import(pathToFileURL(file).href)

/** What a module exports, by name, and inside each namespace it re-exports (`CodePipelineStub.layer`), the names there too. */
const namesOf = (module: Record<string, unknown>): Array<string> =>
  Object.entries(module)
    .flatMap(([name, value]) =>
      value !== null && typeof value === "object" && (value as Record<symbol, unknown>)[Symbol.toStringTag] === "Module"
        ? [name, ...Object.keys(value).map((inner) => `${name}.${inner}`)]
        : [name],
    )
    .sort()

describe("both flavors' entry points", () => {
  const effect4 = entryPoints(root)
  const effect3 = entryPoints(flavors[1].dir)

  it("are the same", () => {
    expect([...effect4.keys()].sort()).toEqual([...effect3.keys()].sort())
  })

  for (const [name, file] of effect3) {
    it(`${name} exports the same names`, async () => {
      const other = effect4.get(name)
      expect(other, `the root package has no ${name} entry point`).toBeDefined()
      expect(namesOf(await load(other!))).toStrictEqual(namesOf(await load(file)))
    })
  }
})

describe("both flavors' error classes", () => {
  const classes = (module: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(module)
        .filter(([, value]) => typeof value === "function" && "fields" in value)
        .map(([name, cls]) => [name, Object.keys((cls as { fields: object }).fields).sort()]),
    )

  // Each flavor's own suite checks that every class's `_tag` is its name.
  it("have the same names and fields", async () => {
    const effect4 = classes(await load(join(root, "src", "errors", "index.ts")))
    const effect3 = classes(await load(join(flavors[1].dir, "src", "errors", "index.ts")))
    expect(Object.keys(effect3).length).toBe(55)
    expect(effect4).toStrictEqual(effect3)
  })
})
