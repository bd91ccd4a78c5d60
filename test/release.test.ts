/** The published packages as one release: one version, pinned between them, and a changelog entry for it. */
import * as fs from "node:fs"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"

const root = path.join(import.meta.dirname, "..")
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8"))
const manifests = ["package.json", ...(read("package.json").workspaces as ReadonlyArray<string>).map((w) => `${w}/package.json`)]
  .map(read)
  .filter((m) => m.private !== true)
const version = read("package.json").version as string

describe("the release", () => {
  it("publishes the root package, the Effect 3 flavor, the core and the emulator", () => {
    expect(manifests.map((m) => m.name).sort()).toEqual([
      "@effect-codepipeline/core",
      "@effect-codepipeline/effect3",
      "@effect-codepipeline/emulator",
      "effect-codepipeline",
    ])
  })

  it("versions them in lockstep", () => {
    expect(manifests.map((m) => `${m.name}@${m.version}`)).toEqual(manifests.map((m) => `${m.name}@${version}`))
  })

  it("pins each one's dependencies on the others to exactly that version", () => {
    const pins = manifests.flatMap((m) =>
      ["dependencies", "peerDependencies", "devDependencies"].flatMap((field) =>
        Object.entries((m[field] ?? {}) as Record<string, string>)
          .filter(([name]) => name.startsWith("@effect-codepipeline/"))
          .map(([name, range]) => `${m.name} ${field} ${name}@${range}`),
      ),
    )
    expect(pins.length).toBeGreaterThan(4)
    expect(pins.filter((pin) => !pin.endsWith(`@${version}`))).toEqual([])
  })

  it("sends that version in each flavor's user agent", async () => {
    for (const dir of [root, path.join(root, "packages", "effect3")]) {
      const module = (await import(pathToFileURL(path.join(dir, "src", "version.ts")).href)) as { version: string }
      expect(module.version, dir).toBe(version)
    }
  })

  it("has a CHANGELOG.md entry for that version", () => {
    expect(fs.readFileSync(path.join(root, "CHANGELOG.md"), "utf8")).toMatch(new RegExp(`^## ${version.replaceAll(".", "\\.")}$`, "m"))
  })
})
