// What a bundler keeps of the package in a program that uses one operation. Sizes are measured in
// bench/ (not here): these tests pin the properties the sizes rest on, so a change that defeats
// tree-shaking fails a test instead of silently growing every user's bundle.
import { describe, expect, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import * as path from "node:path"

const ROOT = path.join(import.meta.dirname, "..")

const oneOperation = `
import * as Effect from "effect/Effect"
import * as CodePipeline from "./src/services/CodePipeline.js"
Effect.runPromise(Effect.provide(CodePipeline.getPipelineState({ name: "release" }), CodePipeline.layer({ region: "us-east-1" })))
`

const bundle = async () => {
  const result = await esbuild.build({
    stdin: { contents: oneOperation, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    mainFields: ["module", "main"],
    external: ["@aws-sdk/credential-provider-node"],
    logLevel: "silent",
    // Input paths relative to the repository's root.
    absWorkingDir: path.join(ROOT, "..", ".."),
  })
  // Files of which some code is in the output (the metafile's inputs also list tree-shaken ones).
  const inputs = Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs).flatMap(([file, { bytesInOutput }]) => (bytesInOutput > 0 ? [file] : [])),
  )
  return { code: result.outputFiles[0]!.text, inputs }
}

describe("a one-operation bundle (module entry point)", () => {
  it("contains none of the unused operations' shapes or errors", async () => {
    const { code } = await bundle()
    for (const unused of ["PutWebhookInput", "CreateCustomActionType", "ActionTypeNotFoundException", "ListWebhooksOutput"]) {
      expect(code).not.toContain(unused)
    }
  })

  it("leaves out the environment readers it does not call, and Effect's Config modules with them", async () => {
    const { code, inputs } = await bundle()
    // Read by Credentials.fromEnv and CodePipeline.optionsFromConfig only.
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_CREDENTIAL_EXPIRATION", "AWS_USE_FIPS_ENDPOINT", "AWS_MAX_ATTEMPTS"]) {
      expect(code).not.toContain(name)
    }
    expect(inputs.filter((i) => i.endsWith("effect/dist/esm/internal/config.js"))).toEqual([])
  })

  it("carries none of the operation's schemas: its function calls through the operation's callable", async () => {
    const { inputs } = await bundle()
    expect(inputs.filter((i) => i.includes("src/schema/"))).toEqual([])
  })

  it("carries no endpoint rules engine: the rule set is compiled into the core", async () => {
    const { inputs } = await bundle()
    expect(inputs.filter((i) => i.includes("@smithy/core/dist-es/submodules/endpoints/"))).toEqual([])
    expect(inputs).toContain("packages/core/src/generated/endpoints.ts")
  })

  it("carries nothing of the emulator: neither its package nor the core's request handling", async () => {
    const { inputs } = await bundle()
    expect(
      inputs.filter(
        (i) => i.startsWith("packages/emulator/") || i.startsWith("packages/core/src/emulator/") || i === "packages/core/src/Emulator.ts",
      ),
    ).toEqual([])
  })
})
