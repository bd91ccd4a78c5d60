import { readdirSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join, relative } from "node:path"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import * as Effect3Errors from "../src/errors/index.js"
import * as Effect3CodePipeline from "../src/services/CodePipeline.js"
import * as Effect3Credentials from "../src/services/Credentials.js"
import * as Effect3Endpoint from "../src/services/Endpoint.js"
import * as Effect3Releases from "../src/services/Releases.js"
import * as Effect3JobWorker from "../src/services/JobWorker.js"
import * as Effect3Retry from "../src/services/Retry.js"
import * as Effect3InMemory from "../src/testing/CodePipelineInMemory.js"
import * as Effect3Controls from "../src/testing/Controls.js"
import * as Effect3Emulator from "../src/testing/Emulator.js"
import * as Effect3Outcome from "../src/testing/Outcome.js"
import * as Effect3Stub from "../src/testing/Stub.js"

const root = join(import.meta.dirname, "..")

/**
 * Each Effect flavor of the SDK and the folders its Effect-importing files live in. Workspaces
 * resolve `effect` by folder: a flavor whose own copy is missing silently gets the one hoisted to
 * the root, which may be the other major.
 */
const flavors = [
  { name: "effect-codepipeline (root)", dir: root, folders: ["src", "test", "bench", "examples"] },
  { name: "@effect-codepipeline/effect4-next", dir: join(root, "packages", "effect4-next"), folders: ["src", "test"] },
]

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
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
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
})

describe("both flavors' error classes", () => {
  // Loaded by path at run time, so that the root's compiler program does not take in the Effect 4
  // flavor (its files resolve effect 4, and are type-checked by its own tsconfig).
  const effect4Errors = (): Promise<Record<string, unknown>> =>
    import(pathToFileURL(join(root, "packages", "effect4-next", "src", "errors", "index.ts")).href)

  const classes = (module: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(module)
        .filter(([, value]) => typeof value === "function" && "fields" in value)
        .map(([name, cls]) => [name, Object.keys((cls as { fields: object }).fields).sort()]),
    )

  // Each flavor's own suite checks that every class's `_tag` is its name.
  it("have the same names and fields", async () => {
    const effect4 = await effect4Errors()
    expect(Object.keys(classes(Effect3Errors)).length).toBe(55)
    expect(classes(effect4)).toStrictEqual(classes(Effect3Errors))
  })
})

describe("both flavors' live client modules", () => {
  // Loaded by path at run time, as the error classes above.
  const effect4 = (module: string): Promise<Record<string, unknown>> =>
    import(pathToFileURL(join(root, "packages", "effect4-next", "src", "services", `${module}.ts`)).href)

  it("CodePipeline exports the same names (the service, its layers and constructors, the 44 operations, their pages and items)", async () => {
    expect(Object.keys(await effect4("CodePipeline")).sort()).toStrictEqual(Object.keys(Effect3CodePipeline).sort())
  })

  it("Credentials exports the same providers", async () => {
    expect(Object.keys(await effect4("Credentials")).sort()).toStrictEqual(Object.keys(Effect3Credentials).sort())
  })

  it("Endpoint exports the same resolution functions", async () => {
    expect(Object.keys(await effect4("Endpoint")).sort()).toStrictEqual(Object.keys(Effect3Endpoint).sort())
  })

  it("Releases exports the same readers, waiter and error", async () => {
    expect(Object.keys(await effect4("Releases")).sort()).toStrictEqual(Object.keys(Effect3Releases).sort())
  })

  it("Retry exports the same predicates", async () => {
    expect(Object.keys(await effect4("Retry")).sort()).toStrictEqual(Object.keys(Effect3Retry).sort())
  })

  it("JobWorker exports the same workers, layers, Lambda handler, failure and metrics", async () => {
    expect(Object.keys(await effect4("JobWorker")).sort()).toStrictEqual(Object.keys(Effect3JobWorker).sort())
  })
})

describe("both flavors' testing modules", () => {
  // Loaded by path at run time, as the error classes above.
  const effect4 = (module: string): Promise<Record<string, unknown>> =>
    import(pathToFileURL(join(root, "packages", "effect4-next", "src", "testing", `${module}.ts`)).href)

  it("CodePipelineInMemory exports the same names (layer, make, withCaller, Controls, ControlError, Snapshot)", async () => {
    expect(Object.keys(await effect4("CodePipelineInMemory")).sort()).toStrictEqual(Object.keys(Effect3InMemory).sort())
  })

  it("Controls exports the same names", async () => {
    expect(Object.keys(await effect4("Controls")).sort()).toStrictEqual(Object.keys(Effect3Controls).sort())
  })

  it("Stub exports the same layer, accessors and assertions", async () => {
    expect(Object.keys(await effect4("Stub")).sort()).toStrictEqual(Object.keys(Effect3Stub).sort())
  })

  it("Emulator exports the same layers, constructors and errors", async () => {
    expect(Object.keys(await effect4("Emulator")).sort()).toStrictEqual(Object.keys(Effect3Emulator).sort())
  })

  it("Outcome exports the same constructors", async () => {
    expect(Object.keys(await effect4("Outcome")).sort()).toStrictEqual(Object.keys(Effect3Outcome).sort())
  })
})
