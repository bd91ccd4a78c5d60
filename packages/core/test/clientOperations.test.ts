/**
 * A client's operations (`ClientOperations`): each one's name, modeled errors and paging at once,
 * its codec loaded by its first use, and the same codec a server's operation has on the client's
 * side.
 */
import * as esbuild from "esbuild"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import * as ClientOperations from "../src/ClientOperations.js"
import { Issue } from "../src/Codec.js"
import * as Operations from "../src/Operations.js"

const root = path.join(import.meta.dirname, "..")
const names = Object.keys(Operations.operations) as Array<keyof typeof Operations.operations>

describe("a client's operation", () => {
  it("has its name, modeled errors, paging and idempotency token before its codec is loaded", () => {
    expect(Object.keys(ClientOperations.operations)).toEqual(names)
    for (const name of names) {
      const client = ClientOperations.operations[name]
      const server = Operations.operations[name]
      expect({ ...client, value: undefined, load: undefined }).toEqual({
        name: server.name,
        errors: server.errors,
        ...(server.paginator === undefined ? {} : { paginator: server.paginator }),
        ...(server.idempotencyToken === undefined ? {} : { idempotencyToken: server.idempotencyToken }),
        value: undefined,
        load: undefined,
      })
    }
  })

  it("loads its codec once: every load gives the same promise, and the codec is then its value", async () => {
    const operation = ClientOperations.ListWebhooks
    expect(operation.value).toBeUndefined()
    const first = operation.load()
    expect(operation.load()).toBe(first)
    const codec = await first
    expect(operation.value).toBe(codec)
    expect(await operation.load()).toBe(codec)
  })

  it("loads the client's side of the server's codec, for every operation", async () => {
    for (const name of names) {
      const codec = await ClientOperations.operations[name].load()
      const server = Operations.operations[name]
      expect(codec.name).toBe(name)
      expect(codec.errors).toEqual(server.errors)
      expect(codec.output === undefined).toBe(server.output === undefined)
      // The client's validator refuses what the server's refuses, at the same path.
      const refused = codec.input.validate({ unknownMember: 1 }, { conceal: (s) => s, reveal: () => undefined })
      expect(refused).toBeInstanceOf(Issue)
      expect(refused).toEqual(server.input.validate({ unknownMember: 1 }, { conceal: (s) => s, reveal: () => undefined }))
    }
  })

  it("decodes an output as the server's codec does", async () => {
    const codec = await ClientOperations.GetPipelineState.load()
    const wire = { pipelineName: "release", pipelineVersion: 2, created: 1_700_000_000, stageStates: [{ stageName: "Build" }], extra: 1 }
    const options = { secrets: { conceal: (s: string) => s, reveal: () => undefined }, strict: false }
    expect(codec.output!.decode(wire, options)).toEqual(Operations.GetPipelineState.output!.decode(wire, options))
  })
})

describe("importing the client's operations", () => {
  it("loads none of the shapes' code: each operation's codec is a chunk of its own, loaded by its first use", async () => {
    const result = await esbuild.build({
      stdin: {
        contents: 'import { GetPipelineState } from "./src/ClientOperations.ts"; console.log(GetPipelineState.name)',
        resolveDir: root,
        loader: "ts",
      },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      outdir: path.join(root, ".esbuild-unused"),
      write: false,
      metafile: true,
      absWorkingDir: root,
      logLevel: "silent",
    })
    const outputs = result.metafile.outputs
    // What importing runs: the entry chunk and the chunks it imports statically, transitively.
    const startup = new Set<string>()
    const stack = Object.keys(outputs).filter((file) => outputs[file]!.entryPoint === "<stdin>")
    while (stack.length > 0) {
      const file = stack.pop()!
      if (startup.has(file)) continue
      startup.add(file)
      for (const i of outputs[file]!.imports) if (i.kind === "import-statement" && !i.external) stack.push(i.path)
    }
    // Files of which some code is in the chunks (the metafile also lists ones that left nothing).
    const inputsOf = (files: Iterable<string>) =>
      [...files].flatMap((file) =>
        Object.entries(outputs[file]!.inputs).flatMap(([input, { bytesInOutput }]) => (bytesInOutput > 0 ? [input] : [])),
      )
    const atStartup = inputsOf(startup)
    expect(atStartup).toContain("src/generated/clientOperations.ts")
    for (const file of atStartup) expect(file).not.toMatch(/generated\/(validateInputs|decodeOutputs|client\/)/)
    // The dynamic import is there, and what it loads carries the operation's validator.
    const loaded = inputsOf(Object.keys(outputs).filter((file) => !startup.has(file)))
    expect(loaded).toContain("src/generated/client/GetPipelineState.ts")
    expect(loaded).toContain("src/generated/validateInputs.ts")
  })
})
