/**
 * The core's modules that any JavaScript runtime may import (a browser, an edge runtime, Deno):
 * neither they nor what they import reach a `node:` module, a Node-only package, or Node's globals.
 * Node-only modules (`Signer` and `NodeSha256`, on `node:crypto`; `NodeTransport`) stay apart.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"

const src = new URL("../src/", import.meta.url).pathname

const PORTABLE = [
  "ClientOperations",
  "Codec",
  "Emulator",
  "Endpoints",
  "Operations",
  "Protocol",
  "Redact",
  "Releases",
  "Retry",
  "Shapes",
  "Types",
]
const NODE_ONLY_PACKAGES = ["@smithy/hash-node", "@aws-sdk/credential-provider-node"]

/**
 * The files `file` imports at run time, transitively, with their bare specifiers: static imports
 * (type-only ones excluded), `import("…")` and `require("…")`, since a module loaded late (the
 * signer's libraries, Node's networking modules) is still one the runtime must have.
 */
const closure = (
  entry: string,
): { readonly files: ReadonlySet<string>; readonly bare: ReadonlySet<string>; readonly eager: ReadonlySet<string> } => {
  const files = new Set<string>()
  const bare = new Set<string>()
  /** The bare specifiers of static imports: what importing `entry` loads. */
  const eager = new Set<string>()
  const visit = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    const text = fs.readFileSync(file, "utf8")
    const code = text.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, "")
    const statics = [...code.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm)]
    const dynamics = [...code.matchAll(/\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g)]
    for (const m of statics) if (!m[1]!.startsWith(".")) eager.add(m[1]!)
    for (const m of [...statics, ...dynamics]) {
      const specifier = m[1]!
      if (specifier.startsWith(".")) visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, ".ts")))
      else bare.add(specifier)
    }
  }
  visit(path.join(src, `${entry}.ts`))
  return { files, bare, eager }
}

describe("the modules any runtime may import", () => {
  it.each(PORTABLE)("%s imports no node: module and no Node-only package", (entry) => {
    const { bare } = closure(entry)
    expect([...bare].filter((s) => s.startsWith("node:") || NODE_ONLY_PACKAGES.includes(s))).toEqual([])
  })

  it.each(PORTABLE)("%s uses neither Buffer nor process", (entry) => {
    const { files } = closure(entry)
    const offending = [...files].filter((file) =>
      /\b(Buffer|process)\./.test(fs.readFileSync(file, "utf8").replace(/\/\/.*|\/\*[\s\S]*?\*\//g, "")),
    )
    expect(offending.map((f) => path.relative(src, f))).toEqual([])
  })

  // Importing `node:http` as ESM loads undici (its lazy `WebSocket` getter): with the signing
  // libraries, 60 ms of the Effect 4 flavor's import on Node 24. The signer imports its libraries
  // with it (a bundle keeps only what it uses of them): the packages' Node builds load it with the
  // live client, not with the package (\`test/package.slow.test.ts\` checks that).
  it.each([
    ["NodeTransport", ["node:http", "node:https", "node:net", "node:tls"]],
    // The testing modules of the Effect packages bring the emulator: its verifier loads the signer on first use.
    ["Emulator", ["@smithy/signature-v4"]],
  ])("importing %s loads none of its heavy modules until it is used", (entry, heavy) => {
    const { bare, eager } = closure(entry)
    for (const specifier of heavy) {
      expect(bare).toContain(specifier)
      expect(eager).not.toContain(specifier)
    }
  })

  it("Signer imports the signing libraries with it, so that a bundle keeps only what it uses of them", () => {
    expect(closure("Signer").eager).toContain("@smithy/signature-v4")
  })

  it("the check sees a Node import (it checks something)", () => {
    expect(closure("NodeTransport").bare).toContain("node:http")
    expect(closure("Signer").bare).toContain("node:crypto")
  })
})
