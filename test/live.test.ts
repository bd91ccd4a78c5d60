/**
 * The Effect 4 flavor's live client against a local server: what a call sends, what it decodes,
 * and how it fails (retries and timeouts on the TestClock: live.retry.test.ts).
 */
import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import * as Tracer from "effect/Tracer"
import type { CommonError, PipelineNotFoundException, ValidationException } from "../src/errors/index.js"
import type * as S from "../src/schema/Schemas.js"
import * as CodePipeline from "../src/services/CodePipeline.js"
import * as Credentials from "../src/services/Credentials.js"
import { awsError, type Handler, jsonReply, startServer, testCredentials } from "./support/server.js"

const live = (handler: Handler, options: Partial<CodePipeline.Options> = {}) =>
  Effect.map(startServer(handler), (server) => ({
    server,
    layer: CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials: testCredentials, ...options }),
  }))

describe("the live client (Effect 4)", () => {
  it("an operation's error channel is exactly its modeled exceptions and the common errors (checked by tsc)", () => {
    expectTypeOf(CodePipeline.getPipelineState).returns.toEqualTypeOf<
      Effect.Effect<S.GetPipelineStateOutput, PipelineNotFoundException | ValidationException | CommonError, CodePipeline.CodePipeline>
    >()
  })

  it.live("an operation sends a signed awsJson1_1 request and decodes the response, timestamps as Dates", () =>
    Effect.gen(function* () {
      const { server, layer } = yield* live(() =>
        jsonReply({ pipelineName: "release", pipelineVersion: 3, created: 1700000000.5, stageStates: [{ stageName: "Source" }] }),
      )
      const state = yield* CodePipeline.getPipelineState({ name: "release" }).pipe(Effect.provide(layer))
      expect(state.pipelineName).toBe("release")
      expect(state.created).toStrictEqual(new Date(1700000000500))
      expect(state.stageStates?.map((s) => s.stageName)).toStrictEqual(["Source"])
      const [request] = server.requests
      expect(request?.target).toBe("CodePipeline_20150709.GetPipelineState")
      expect(JSON.parse(request!.body)).toStrictEqual({ name: "release" })
      expect(request?.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/codepipeline\/aws4_request/,
      )
    }),
  )

  it.live("a modeled error is caught by its tag with Effect.catchTag, with the service's message and request id", () =>
    Effect.gen(function* () {
      const { layer } = yield* live(() => awsError("PipelineNotFoundException", "no pipeline named release"))
      const caught = yield* CodePipeline.getPipelineState({ name: "release" }).pipe(
        Effect.catchTag("PipelineNotFoundException", (error) => Effect.succeed(`${error.message} (${error.requestId}, ${error.attempts})`)),
        Effect.provide(layer),
      )
      expect(caught).toBe("no pipeline named release (req-1, 1)")
    }),
  )

  it.live("one layer provided to calls in turn serves each of them: closing one call's scope leaves the next its connections", () =>
    Effect.gen(function* () {
      const { server, layer } = yield* live(() => jsonReply({ pipelines: [] }))
      for (let i = 0; i < 3; i++) yield* CodePipeline.listPipelines().pipe(Effect.provide(layer))
      expect(server.requests).toHaveLength(3)
    }),
  )

  it.live("the proxy option sends each call through the proxy, in absolute form for an http endpoint", () =>
    Effect.gen(function* () {
      const { server: proxy } = yield* live(() => jsonReply({ pipelines: [] }))
      const layer = CodePipeline.layer({
        region: "us-east-1",
        endpoint: "http://codepipeline.test:8080",
        credentials: testCredentials,
        proxy: proxy.url,
      })
      yield* CodePipeline.listPipelines().pipe(Effect.provide(layer))
      expect(proxy.requests.map((r) => [r.url, r.headers.host])).toStrictEqual([
        ["http://codepipeline.test:8080/", "codepipeline.test:8080"],
      ])
    }),
  )

  it.effect("FIPS together with a custom endpoint fails building the layer with the rule set's EndpointError", () =>
    Effect.gen(function* () {
      const layer = CodePipeline.layer({ region: "us-east-1", endpoint: "http://127.0.0.1:1", useFips: true, credentials: testCredentials })
      const error = yield* CodePipeline.listPipelines().pipe(Effect.provide(layer), Effect.flip)
      expect(error).toMatchObject({
        _tag: "EndpointError",
        message: "Invalid Configuration: FIPS and custom endpoint are not supported",
      })
    }),
  )

  it.live("on the real clock, an attempt that takes longer than attemptTimeout fails with a TransportError of reason Timeout", () =>
    Effect.gen(function* () {
      const { layer } = yield* live(() => ({ ...jsonReply({ pipelines: [] }), delay: 5_000 }), {
        attemptTimeout: "100 millis",
        retry: false,
      })
      const started = Date.now()
      const error = yield* CodePipeline.listPipelines().pipe(Effect.flip, Effect.provide(layer))
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout", message: "ListPipelines: attempt 1 timed out", attempts: 1 })
      expect(Date.now() - started).toBeLessThan(2_000)
    }),
  )

  it.live("with credentials at hand, an attempt is timed by the transport itself, with the same outcome", () =>
    Effect.gen(function* () {
      // The first call fetches the credentials; the second signs with them and leaves its timeout
      // to the Node transport (Transport.enforcesTimeout), without a fiber of its own.
      let calls = 0
      const { layer } = yield* live(() => ({ ...jsonReply({ pipelines: [] }), ...(++calls === 2 ? { delay: 5_000 } : {}) }), {
        attemptTimeout: "100 millis",
        retry: false,
      })
      const [first, second] = yield* Effect.gen(function* () {
        const first = yield* CodePipeline.listPipelines()
        const started = Date.now()
        const error = yield* Effect.flip(CodePipeline.listPipelines())
        return [first, { error, took: Date.now() - started }] as const
      }).pipe(Effect.provide(layer))
      expect(first.pipelines).toEqual([])
      expect(second.error).toMatchObject({
        _tag: "TransportError",
        reason: "Timeout",
        message: "ListPipelines: attempt 1 timed out",
        attempts: 1,
      })
      expect(second.took).toBeLessThan(2_000)
    }),
  )

  it.live("an input the model refuses fails with InputValidationError naming the member, before any request", () =>
    Effect.gen(function* () {
      const { server, layer } = yield* live(() => jsonReply({}))
      const error = yield* CodePipeline.getPipelineState({ name: "not a valid name!" }).pipe(Effect.flip, Effect.provide(layer))
      expect(error).toMatchObject({ _tag: "InputValidationError", operation: "GetPipelineState", path: "name" })
      expect(error.message).toMatch(/^GetPipelineState input at name: /)
      expect(server.requests).toHaveLength(0)
    }),
  )

  it.live("the secret key and session token never appear in an error, even when the server echoes them", () =>
    Effect.gen(function* () {
      const sessionToken = "FwoGZXIvYXdzEXAMPLEsessionTOKEN0123456789abcdefghijklmnopqrstuvwxyzABCDEF"
      const { server, layer } = yield* live(
        () => awsError("AccessDeniedException", `denied: ${testCredentials.secretAccessKey} with ${sessionToken}`),
        { credentials: { ...testCredentials, sessionToken: Redacted.make(sessionToken) } },
      )
      const exit = yield* CodePipeline.listPipelines().pipe(Effect.provide(layer), Effect.exit)
      expect(server.requests[0]?.headers["x-amz-security-token"]).toBe(sessionToken)
      const error = Exit.isFailure(exit) ? exit.cause : undefined
      const shown = `${JSON.stringify(error)} ${String(error)} ${JSON.stringify(exit)}`
      expect(shown).toContain("AccessDeniedException")
      expect(shown).not.toContain(testCredentials.secretAccessKey)
      expect(shown).not.toContain(sessionToken)
    }),
  )

  it.effect("credentials given as plain strings are held as Redacted", () =>
    Effect.gen(function* () {
      const credentials = yield* Credentials.fromStatic({ ...testCredentials, sessionToken: "token-of-the-session" }).get
      expect(Redacted.isRedacted(credentials.secretAccessKey) && Redacted.isRedacted(credentials.sessionToken)).toBe(true)
      const shown = `${String(credentials.secretAccessKey)} ${JSON.stringify(credentials)}`
      expect(shown).not.toContain(testCredentials.secretAccessKey)
      expect(shown).not.toContain("token-of-the-session")
    }),
  )

  it.live("credentials that cannot be used fail the call with a CredentialsError that names the problem, not the secret", () =>
    Effect.gen(function* () {
      const { server, layer } = yield* live(() => jsonReply({}), {
        credentials: { accessKeyId: "", secretAccessKey: testCredentials.secretAccessKey },
      })
      const error = yield* CodePipeline.listPipelines().pipe(Effect.flip, Effect.provide(layer))
      expect(error._tag).toBe("CredentialsError")
      expect(error.message).toBe("Could not load AWS credentials (static credentials): the accessKeyId is missing or empty")
      expect(`${JSON.stringify(error)} ${String(error)}`).not.toContain(testCredentials.secretAccessKey)
      expect(server.requests).toHaveLength(0)
    }),
  )

  it.live("every call runs in a client span CodePipeline.<Operation> with the region, request id and attempts", () =>
    Effect.gen(function* () {
      const { layer } = yield* live((_, i) =>
        i === 0 ? awsError("ThrottlingException", "slow") : jsonReply({}, 200, { "x-amzn-requestid": "rid-42" }),
      )
      const builtIn = yield* Effect.tracer
      const spans: Array<Tracer.Span> = []
      const recording = Tracer.make({
        span: (options) => {
          const span = builtIn.span(options)
          spans.push(span)
          return span
        },
      })
      yield* CodePipeline.getPipelineState({ name: "p" }).pipe(Effect.provide(layer), Effect.withTracer(recording))
      const span = spans.find((s) => s.name === "CodePipeline.GetPipelineState")!
      expect(span.kind).toBe("client")
      expect(span.status._tag).toBe("Ended")
      expect(Object.fromEntries(span.attributes)).toMatchObject({
        "rpc.system": "aws-api",
        "rpc.service": "CodePipeline",
        "rpc.method": "GetPipelineState",
        "cloud.region": "us-east-1",
        "aws.request_id": "rid-42",
        "aws.attempts": 2,
        "http.response.status_code": 200,
      })
    }),
  )

  it.live("with Effect's built-in tracer a call makes no span: a failure shows no CodePipeline frame", () =>
    Effect.gen(function* () {
      const { layer } = yield* live(() => awsError("PipelineNotFoundException", "no pipeline named p"))
      const exit = yield* Effect.exit(CodePipeline.getPipelineState({ name: "p" }).pipe(Effect.provide(layer)))
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("no pipeline named p")
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).not.toContain("CodePipeline.GetPipelineState")
    }),
  )

  it.live("with a tracer installed, a failure shows the call's CodePipeline frame", () =>
    Effect.gen(function* () {
      const { layer } = yield* live(() => awsError("PipelineNotFoundException", "no pipeline named p"))
      const builtIn = yield* Effect.tracer
      const forwarding = Tracer.make({ span: (options) => builtIn.span(options) })
      const exit = yield* Effect.exit(
        CodePipeline.getPipelineState({ name: "p" }).pipe(Effect.provide(layer), Effect.withTracer(forwarding)),
      )
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("at CodePipeline.GetPipelineState")
    }),
  )
})
