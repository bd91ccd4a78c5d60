/**
 * Type-level pins: these assertions are checked by `tsc --noEmit` (part of `npm test`); the
 * runtime `it` only keeps vitest from reporting an empty file.
 */
import { describe, expectTypeOf, it } from "@effect/vitest"
import { Effect, type Stream } from "effect"
import {
  type AccessDeniedException,
  CodePipeline,
  type CommonError,
  type InputValidationError,
  type InvalidNextTokenException,
  type PipelineNotFoundException,
  type ThrottlingException,
  type TransportError,
  type UnknownServiceError,
  type ValidationException,
} from "../src/index.js"
import * as Schemas from "../src/schema/Schemas.js"
import type { GetPipelineStateOutput, PipelineSummary } from "../src/schema/Schemas.js"

type ErrorOf<T> = T extends Effect.Effect<any, infer E, any> ? E : never

describe("types", () => {
  it("pins the error unions of operations", () => {
    type GetState = ReturnType<typeof CodePipeline.getPipelineState>
    expectTypeOf<GetState>().toEqualTypeOf<
      Effect.Effect<GetPipelineStateOutput, PipelineNotFoundException | ValidationException | CommonError, CodePipeline.CodePipeline>
    >()
    expectTypeOf<ThrottlingException>().toMatchTypeOf<ErrorOf<GetState>>()
    expectTypeOf<AccessDeniedException>().toMatchTypeOf<ErrorOf<GetState>>()
    expectTypeOf<TransportError>().toMatchTypeOf<ErrorOf<GetState>>()
    expectTypeOf<UnknownServiceError>().toMatchTypeOf<ErrorOf<GetState>>()
    expectTypeOf<InputValidationError>().toMatchTypeOf<ErrorOf<GetState>>()

    type ListErrors = ErrorOf<ReturnType<typeof CodePipeline.listPipelines>>
    expectTypeOf<ListErrors>().toEqualTypeOf<InvalidNextTokenException | ValidationException | CommonError>()

    type DeleteWebhook = ReturnType<typeof CodePipeline.deletePipeline>
    expectTypeOf<DeleteWebhook>().toMatchTypeOf<Effect.Effect<void, any, any>>()
  })

  it("narrows the error channel with catchTag", () => {
    const program = CodePipeline.getPipelineState({ name: "release" }).pipe(
      Effect.catchTag("PipelineNotFoundException", () => Effect.succeed(undefined)),
    )
    type Caught = Effect.Effect.Error<typeof program>
    expectTypeOf<Caught>().toEqualTypeOf<ValidationException | CommonError>()
  })

  it("types the item streams of paginated operations", () => {
    expectTypeOf(null as unknown as ReturnType<typeof CodePipeline.listPipelinesItems>).toEqualTypeOf<
      Stream.Stream<PipelineSummary, CodePipeline.ListPipelinesError, CodePipeline.CodePipeline>
    >()
  })
})

describe("enums", () => {
  it("accept only the modeled values in inputs: a typo is a compile error", () => {
    const approve = (status: Schemas.ApprovalStatus) =>
      CodePipeline.putApprovalResult({ pipelineName: "p", stageName: "s", actionName: "a", token: "t", result: { status, summary: "" } })
    approve("Approved")
    // @ts-expect-error a typo of "Approved"
    approve("Approve")
    const text: string = "Approved"
    // @ts-expect-error any string
    approve(text)
    // @ts-expect-error a value of another enum that the model does not list
    approve(Schemas.unknownEnumValue<"ExecutionMode">("Approved"))
    // A value newer than the model, sent on purpose.
    approve(Schemas.unknownEnumValue("Deferred"))
  })

  it("stay open in outputs, and a value read can be sent back", () => {
    expectTypeOf<Schemas.PipelineExecutionStatus>().toMatchTypeOf<string>()
    expectTypeOf<Schemas.UnknownEnumValue<"PipelineExecutionStatus">>().toMatchTypeOf<Schemas.PipelineExecutionStatus>()
    const roundTrip = Effect.gen(function* () {
      const { pipeline } = yield* CodePipeline.getPipeline({ name: "p" })
      if (pipeline !== undefined) yield* CodePipeline.updatePipeline({ pipeline })
    })
    expectTypeOf(roundTrip).toMatchTypeOf<Effect.Effect<void, unknown, CodePipeline.CodePipeline>>()
  })
})
