/**
 * The Effect 4 flavor's error classes, as a user catching them sees them: a `_tag` that
 * `Effect.catchTag` narrows on, the fields of the Effect 3 flavor's classes, and schemas that round-trip.
 */
import * as Operations from "@effect-codepipeline/core/Operations"
import { describe, expect, it } from "@effect/vitest"
import type * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as Errors from "../src/errors/index.js"

type TaggedError = Cause.YieldableError & { readonly _tag: string }
type ErrorClass = (new (props: any) => TaggedError) & Schema.Codec<any, any> & { readonly fields: object }

const classOf = (name: string): ErrorClass => {
  const cls = (Errors as Record<string, unknown>)[name]
  if (typeof cls !== "function") throw new Error(`src/errors exports no class ${name}`)
  return cls as ErrorClass
}

/** Every exception some operation models. */
const modeled = [
  ...new Set(Object.values(Operations as Record<string, { errors?: ReadonlyArray<string> }>).flatMap((op) => op.errors ?? [])),
].sort()

/** The values of the fields `keys` on `error` (`message` is not an own enumerable property of an Error). */
const fieldsOf = (error: object, keys: ReadonlyArray<string>): Record<string, unknown> =>
  Object.fromEntries(keys.map((key) => [key, (error as Record<string, unknown>)[key]]))

const metadata = { requestId: "r-1", attempts: 2, httpStatus: 400 }

/** Each class with a valid value of its fields: the modeled exceptions, then the common errors. */
const cases: ReadonlyArray<readonly [name: string, props: Record<string, unknown>]> = [
  ...modeled.map((name) => [name, { message: `${name} happened`, ...metadata }] as const),
  ...[
    "ThrottlingException",
    "AccessDeniedException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "ExpiredTokenException",
    "MissingAuthenticationTokenException",
    "InternalFailure",
    "ServiceUnavailable",
  ].map((name) => [name, { message: "m", code: "Code", ...metadata }] as const),
  ["UnknownServiceError", { message: "m", code: "Unknown", ...metadata }],
  ["TransportError", { reason: "Timeout", message: "m", ...metadata }],
  ["ResponseDecodeError", { message: "m", ...metadata }],
  ["InputValidationError", { operation: "CreatePipeline", path: "pipeline.name", message: "m" }],
  ["CredentialsError", { message: "m" }],
  ["EndpointError", { message: "m" }],
]

describe("every error class", () => {
  it("covers the 41 modeled exceptions and the 14 errors any call can meet", () => {
    expect(modeled).toHaveLength(41)
    expect(cases).toHaveLength(55)
  })

  for (const [name, props] of cases) {
    describe(name, () => {
      const cls = classOf(name)

      it(`has the _tag "${name}" and the fields it was made with`, () => {
        const error = new cls(props)
        expect(error._tag).toBe(name)
        expect(error).toBeInstanceOf(Error)
        expect(fieldsOf(error, ["_tag", ...Object.keys(props)])).toStrictEqual({ _tag: name, ...props })
        expect(Object.keys(cls.fields).sort()).toStrictEqual(["_tag", ...Object.keys(props)].sort())
      })

      it(`is caught by Effect.catchTag("${name}")`, () => {
        const error = new cls(props)
        const caught = Effect.runSync(Effect.fail(error).pipe(Effect.catchTag(name as never, (e) => Effect.succeed(e))))
        expect(caught).toBe(error)
      })

      it("fails an Effect.gen when yielded", () => {
        const error = new cls(props)
        const exit = Effect.runSyncExit(
          Effect.gen(function* () {
            return yield* error
          }),
        )
        expect(exit).toStrictEqual(Exit.fail(error))
      })

      it("encodes to JSON and decodes back to an instance with the same fields", () => {
        const error = new cls(props)
        const json = JSON.parse(JSON.stringify(Schema.encodeSync(cls)(error)))
        const decoded = Schema.decodeUnknownSync(cls)(json)
        expect(decoded).toBeInstanceOf(cls)
        const keys = Object.keys(cls.fields)
        expect(fieldsOf(decoded, keys)).toStrictEqual(fieldsOf(error, keys))
      })
    })
  }
})

describe("Effect.catchTag narrows the error channel", () => {
  it("removes the caught class from the error type and keeps the others", () => {
    const call = (found: boolean): Effect.Effect<string, Errors.PipelineNotFoundException | Errors.ValidationException> =>
      found
        ? Effect.fail(new Errors.ValidationException({ message: "bad" }))
        : Effect.fail(new Errors.PipelineNotFoundException({ message: "none" }))
    const recovered = (found: boolean): Effect.Effect<string, Errors.ValidationException> =>
      call(found).pipe(Effect.catchTag("PipelineNotFoundException", (e) => Effect.succeed(`recovered: ${e.message}`)))
    expect(Effect.runSync(recovered(false))).toBe("recovered: none")
    expect(Effect.runSyncExit(recovered(true))).toStrictEqual(Exit.fail(new Errors.ValidationException({ message: "bad" })))
  })

  it("types the caught error as its class, with its fields", () => {
    const program = Effect.fail(new Errors.TransportError({ reason: "Timeout", message: "slow" })).pipe(
      Effect.catchTag("TransportError", (e) => Effect.succeed(e.reason)),
    )
    const reason: "Network" | "Timeout" = Effect.runSync(program)
    expect(reason).toBe("Timeout")
  })

  it("refuses at compile time a tag the error channel does not hold", () => {
    const program = Effect.fail(new Errors.ValidationException({ message: "bad" }))
    // @ts-expect-error -- no PipelineNotFoundException can reach this handler.
    const handled = program.pipe(Effect.catchTag("PipelineNotFoundException", () => Effect.succeed(0)))
    expect(Effect.runSyncExit(handled as Effect.Effect<unknown, unknown>)._tag).toBe("Failure")
  })
})
