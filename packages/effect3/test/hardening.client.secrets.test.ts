/**
 * What a server says is kept in errors cleared of the caller's secrets, and bounded (issue #13,
 * item 3). A server, or a proxy in front of it, may echo the request's session token back, whole
 * or in part, in a message, an error code or a header; and it may send a message of any size.
 *
 * The rule (see the core's `Redact`, `packages/core/src/Redact.ts`, where it is tested alone): every run of the text covered by windows of
 * `min(8, secret length)` characters taken from the secret access key or the session token is
 * replaced by `***`. So a test "leaks" when any such window of a secret is found in any form of
 * the error: its fields, `String`, `JSON.stringify`, `util.inspect`, `stack`, `Cause.pretty`, or a
 * log line.
 */
import * as Crypto from "node:crypto"
import * as Util from "node:util"
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import { describe, expect, it } from "@effect/vitest"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import { Cause, Effect, Exit, Layer, Logger, LogLevel } from "effect"
import { CodePipeline } from "../src/index.js"
import { toError } from "../src/services/internal/protocol.js"
import { awsError, jsonReply, type RecordedRequest, type Reply, startServer } from "./support/server.js"

const SECRET_KEY = "hArDeNiNg/SeCrEt+KeY0123456789abcdefGHIJ"
const SESSION_TOKEN = Crypto.randomBytes(600).toString("base64")
const credentials = { accessKeyId: "AKIDHARDENING", secretAccessKey: SECRET_KEY, sessionToken: SESSION_TOKEN }

/** Every window of `secret` the rule forbids, found in `text`. */
const windowsIn = (text: string, secret: string): Array<string> => {
  const w = Math.min(8, secret.length)
  const found: Array<string> = []
  for (let i = 0; i + w <= secret.length; i++) {
    const piece = secret.slice(i, i + w)
    if (text.includes(piece)) found.push(piece)
  }
  return found
}

const leaks = (texts: ReadonlyArray<string>, secrets: ReadonlyArray<string> = [SECRET_KEY, SESSION_TOKEN]) =>
  texts.flatMap((text) => secrets.flatMap((secret) => windowsIn(text, secret)))

/** The forms in which an error is seen: its fields, printed, serialized, inspected, its stack, and the cause. */
const formsOf = (error: any, exit: Exit.Exit<unknown, unknown>): Array<string> => [
  String(error.message),
  String(error.code),
  String(error.requestId),
  String(error),
  JSON.stringify(error),
  Util.inspect(error, { depth: 10, showHidden: true }),
  String(error.stack),
  Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "",
]

/** Runs `GetPipelineState` against a server answering with `reply(request)`; the error, its forms and the logs. */
const against = (reply: (request: RecordedRequest) => Reply, layerOptions: Record<string, unknown> = {}) =>
  Effect.gen(function* () {
    const server = yield* startServer((request) => reply(request))
    const logs: Array<string> = []
    const logger = Logger.make(({ message, cause }) => logs.push(Util.inspect(message, { depth: 10 }), Cause.pretty(cause)))
    const exit = yield* CodePipeline.getPipelineState({ name: "release" }).pipe(
      Effect.tapErrorCause((cause) => Effect.logError("call failed", cause)),
      Effect.exit,
      Effect.provide(
        CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials, retry: false, ...layerOptions }).pipe(Layer.orDie),
      ),
      Effect.provide(Layer.merge(Logger.replace(Logger.defaultLogger, logger), Logger.minimumLogLevel(LogLevel.All))),
    )
    expect(Exit.isFailure(exit)).toBe(true)
    const error = Exit.isFailure(exit) ? (Cause.failureOption(exit.cause) as any).value : undefined
    // The token did reach the server (it is what the server echoes).
    expect(server.requests[0]!.headers["x-amz-security-token"]).toBe(SESSION_TOKEN)
    return { error, texts: [...formsOf(error, exit), ...logs] }
  }).pipe(Effect.scoped)

const tokenOf = (r: RecordedRequest) => String(r.headers["x-amz-security-token"])

describe("a session token echoed by the server never reaches the error", () => {
  it.live("echoed whole in the message: replaced by ***, in the message, the stack, Cause.pretty and the logs", () =>
    Effect.gen(function* () {
      const { error, texts } = yield* against((r) => awsError("ExpiredTokenException", `The security token ${tokenOf(r)} is expired`))
      expect(error._tag).toBe("ExpiredTokenException")
      expect(error.message).toBe("The security token *** is expired")
      expect(leaks(texts)).toEqual([])
    }),
  )

  it.live("echoed as the error code (__type): the code is redacted too, and the error is still classified", () =>
    Effect.gen(function* () {
      const { error, texts } = yield* against((r) => jsonReply({ __type: `Bad${tokenOf(r).slice(0, 200)}`, message: "no" }, 400))
      expect(error._tag).toBe("UnknownServiceError")
      expect(error.code).toBe("Bad***")
      expect(leaks(texts)).toEqual([])
    }),
  )

  it.live("echoed as the code in x-amzn-ErrorType and as the request id: both redacted", () =>
    Effect.gen(function* () {
      const { error, texts } = yield* against((r) => ({
        status: 400,
        headers: { "x-amzn-errortype": `E${tokenOf(r).slice(0, 100)}`, "x-amzn-requestid": tokenOf(r).slice(3, 200) },
        body: "",
      }))
      expect(error.code).toBe("E***")
      expect(error.requestId).toBe("***")
      expect(leaks(texts)).toEqual([])
    }),
  )

  it.live("echoed in part (a prefix, a suffix, a middle piece, pieces that overlap): each piece of 8 characters or more is replaced", () =>
    Effect.gen(function* () {
      const { error, texts } = yield* against((r) => {
        const t = tokenOf(r)
        return awsError(
          "AccessDeniedException",
          `prefix ${t.slice(0, 8)}; suffix ${t.slice(-12)}; middle ${t.slice(100, 137)}; overlap ${t.slice(50, 70)}${t.slice(60, 90)}; end`,
        )
      })
      expect(error.message).toBe("prefix ***; suffix ***; middle ***; overlap ***; end")
      expect(leaks(texts)).toEqual([])
    }),
  )

  it.live("the secret access key echoed, whole or in part, is replaced as well", () =>
    Effect.gen(function* () {
      const { error, texts } = yield* against(() =>
        awsError("InvalidSignatureException", `key ${SECRET_KEY} or ${SECRET_KEY.slice(5, 20)}`),
      )
      expect(error.message).toBe("key *** or ***")
      expect(leaks(texts)).toEqual([])
    }),
  )

  it.live("the URL-encoded token echoed: replaced", () =>
    Effect.gen(function* () {
      const { texts } = yield* against((r) => awsError("AccessDeniedException", `token=${encodeURIComponent(tokenOf(r))}`))
      expect(leaks(texts, [SESSION_TOKEN, encodeURIComponent(SESSION_TOKEN)])).toEqual([])
    }),
  )

  it.live("a token in a map key of a success response that does not decode: the ResponseDecodeError path is redacted", () =>
    Effect.gen(function* () {
      const server = yield* startServer((r) =>
        jsonReply({
          pipeline: { name: "p", roleArn: "r", stages: [{ name: "s", actions: [{ name: "a", configuration: { [tokenOf(r)]: 5 } }] }] },
        }),
      )
      const error = yield* CodePipeline.getPipeline({ name: "p" }).pipe(
        Effect.provide(CodePipeline.layer({ region: "us-east-1", endpoint: server.url, credentials, retry: false }).pipe(Layer.orDie)),
        Effect.flip,
      )
      expect(error._tag).toBe("ResponseDecodeError")
      expect(error.message).toContain("configuration.***")
      expect(leaks([error.message, String(error.stack), Util.inspect(error)])).toEqual([])
    }).pipe(Effect.scoped),
  )

  it.live("a token in the content type of a body that is not JSON: redacted", () =>
    Effect.gen(function* () {
      const { error, texts } = yield* against((r) => ({ status: 200, headers: { "content-type": `text/${tokenOf(r)}` }, body: "<html>" }))
      expect(error._tag).toBe("ResponseDecodeError")
      expect(error.message).toContain("content-type text/***")
      expect(leaks(texts)).toEqual([])
    }),
  )

  it.effect("a network error whose cause quotes part of the token (an HttpClient): redacted", () =>
    Effect.gen(function* () {
      const client = HttpClient.make((request) =>
        Effect.fail(
          new HttpClientError.RequestError({
            request,
            reason: "Transport",
            cause: new Error(`proxy rejected token starting ${String(request.headers["x-amz-security-token"]).slice(0, 30)}`),
          }),
        ),
      )
      const error = yield* CodePipeline.getPipelineState({ name: "release" }).pipe(
        Effect.provide(
          CodePipeline.layerHttpClient({ region: "us-east-1", endpoint: "http://127.0.0.1:1", credentials, retry: false }).pipe(
            Layer.provide(Layer.succeed(HttpClient.HttpClient, client)),
            Layer.orDie,
          ),
        ),
        Effect.flip,
      )
      expect(error._tag).toBe("TransportError")
      expect(error.message).toContain("proxy rejected token starting ***")
      expect(leaks([error.message])).toEqual([])
    }),
  )
})

describe("what is kept of a server's message is bounded", () => {
  it.live("a 10 MB message: the error keeps its first 4,096 characters and says how much was cut", () =>
    Effect.gen(function* () {
      const { error } = yield* against(() => awsError("AccessDeniedException", "m".repeat(10_000_000)))
      expect(error.message.startsWith("m".repeat(4096))).toBe(true)
      expect(error.message).toBe(`${"m".repeat(4096)}… (${10_000_000 - 4096} more characters)`)
    }),
  )

  it("an error made from a 10 MB message does not keep the 10 MB alive", () => {
    V8.setFlagsFromString("--expose-gc")
    const gc = Vm.runInNewContext("gc") as () => void
    const operation = CodePipeline.GetPipelineState
    gc()
    const before = process.memoryUsage().heapUsed
    const errors = Array.from({ length: 8 }, (_, i) =>
      toError(
        operation,
        { status: 400, headers: {}, body: JSON.stringify({ __type: "AccessDeniedException", message: String(i).repeat(10_000_000) }) },
        {},
      ),
    )
    gc()
    const retained = process.memoryUsage().heapUsed - before
    expect(errors.every((e) => e.message.length < 4200)).toBe(true)
    // Eight 10 MB messages kept whole would be 80 MB.
    expect(retained).toBeLessThan(8_000_000)
  })

  it("a 1 MB error code and request id are capped too", () => {
    const error = toError(
      CodePipeline.GetPipelineState,
      { status: 400, headers: { "x-amzn-requestid": "r".repeat(1_000_000) }, body: JSON.stringify({ __type: "C".repeat(1_000_000) }) },
      { requestId: "r".repeat(1_000_000) },
    ) as any
    expect(error._tag).toBe("UnknownServiceError")
    expect(error.code.length).toBeLessThan(300)
    expect(error.requestId.length).toBeLessThan(300)
  })
})
