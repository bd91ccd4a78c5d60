// What a bundler keeps of the package in a program that uses one operation. Sizes are measured in
// bench/ (not here): these tests pin the properties the sizes rest on, so a change that defeats
// tree-shaking fails a test instead of silently growing every user's bundle.
// Mirror of packages/effect3/test/bundle.slow.test.ts, with Effect 4's module paths, and the client's
// side of the codec pinned.
import { describe, expect, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import * as path from "node:path"

const ROOT = path.join(import.meta.dirname, "..")

const oneOperation = `
import * as Effect from "effect/Effect"
import * as CodePipeline from "./src/services/CodePipeline.js"
Effect.runPromise(Effect.provide(CodePipeline.getPipelineState({ name: "release" }), CodePipeline.layer({ region: "us-east-1" })))
`

let built: Promise<{ readonly code: string; readonly inputs: ReadonlyArray<string> }> | undefined

const bundle = () =>
  (built ??= esbuild
    .build({
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
      absWorkingDir: ROOT,
    })
    .then((result) => ({
      code: result.outputFiles[0]!.text,
      // Files of which some code is in the output (the metafile's inputs also list tree-shaken ones).
      inputs: Object.values(result.metafile.outputs).flatMap((output) =>
        Object.entries(output.inputs).flatMap(([file, { bytesInOutput }]) => (bytesInOutput > 0 ? [file] : [])),
      ),
    })))

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
    expect(inputs.filter((i) => i.endsWith("effect/dist/Config.js") || i.endsWith("effect/dist/ConfigProvider.js"))).toEqual([])
  })

  it("carries the client's side of the codec only: no validator of the output, no decoder of the input", async () => {
    const { inputs } = await bundle()
    expect(inputs).toContain("packages/core/src/generated/validateInputs.ts")
    expect(inputs).toContain("packages/core/src/generated/decodeOutputs.ts")
    for (const server of ["validate.ts", "decode.ts", "operations.ts"]) {
      expect(inputs).not.toContain(`packages/core/src/generated/${server}`)
    }
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
