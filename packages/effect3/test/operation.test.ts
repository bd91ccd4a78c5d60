/**
 * Operations as data (`CodePipeline.GetPipelineState`, `Operation.make`): each gives the exported
 * schemas of its input and output, read from a function on first use, so that defining the 44
 * operations reads no schema (the Node build evaluates the schemas module on its first read).
 */
// Mirror of test/operation.test.ts: the same behaviour, in each flavor.
import { describe, expect, it } from "@effect/vitest"
import * as S from "../src/schema/Schemas.js"
import * as CodePipeline from "../src/services/CodePipeline.js"
import * as Operation from "../src/services/Operation.js"

const callable = Operation.callable<{ readonly name: string }, { readonly ok: boolean }, never>({
  name: "Probe",
  method: "probe",
  codec: CodePipeline.GetPipelineState.codec,
  errors: {},
})

describe("operations as data", () => {
  it("give the exported schemas of their input and output", () => {
    expect(CodePipeline.GetPipelineState.input).toBe(S.GetPipelineStateInput)
    expect(CodePipeline.GetPipelineState.output).toBe(S.GetPipelineStateOutput)
    expect(CodePipeline.CreatePipeline.input).toBe(S.CreatePipelineInput)
  })

  it("give no output schema for an operation that returns nothing", () => {
    expect(CodePipeline.DeletePipeline.input).toBe(S.DeletePipelineInput)
    expect(CodePipeline.DeletePipeline.output).toBeUndefined()
  })

  it("read their schemas on the first read of input or output, once", () => {
    let reads = 0
    const operation = Operation.make(callable, () => {
      reads++
      return { input: S.GetPipelineStateInput as never, output: undefined }
    })
    expect(reads).toBe(0)
    expect(operation.name).toBe("Probe")
    expect(operation.output).toBeUndefined()
    expect(operation.input).toBe(S.GetPipelineStateInput)
    expect(operation.input).toBe(S.GetPipelineStateInput)
    expect(reads).toBe(1)
  })

  it("list their schemas with the callable's members, as data does", () => {
    const copy = { ...CodePipeline.StartPipelineExecution }
    expect(Object.keys(copy)).toEqual(expect.arrayContaining(["name", "method", "codec", "errors", "input", "output"]))
    expect(copy.input).toBe(S.StartPipelineExecutionInput)
  })
})
