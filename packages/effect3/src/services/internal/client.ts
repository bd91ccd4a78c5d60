/**
 * The live `CodePipeline` service: one generic `execute` that encodes, signs, sends, retries and
 * decodes any operation over awsJson1_1. Written without `Effect.gen` and with as few steps as the
 * work needs, because this is the per-call overhead the benchmarks measure (see `bench/`):
 *
 * - what depends only on the operation (target header, span name and options) is computed once
 *   per operation, and what depends only on the call (body, its length) once per call;
 * - the clock is looked up once per call and read synchronously;
 * - the span is made with `useSpan`, so that attempts annotate it directly instead of looking up
 *   the current span, and without a stack trace (the frame it would record is the same line of
 *   this SDK for every call); with Effect's built-in tracer, which records nothing, there is no
 *   span at all;
 * - an attempt whose credentials are cached runs in the caller's fiber and leaves its timeout to a
 *   transport that enforces one (the Node transport's timer); otherwise, and on a `TestClock`, it
 *   runs in a child fiber raced against a timer (`./attemptTimeout.ts`).
 */
// Mirror of src/services/internal/client.ts: the same call pipeline (sign, send, retry, decode by the core), over
// each Effect's Duration, timeout, tracing and Exit APIs.
import * as CoreCredentials from "@effect-codepipeline/core/Credentials"
import * as Protocol from "@effect-codepipeline/core/Protocol"
import { scrubFor } from "@effect-codepipeline/core/Redact"
import { type AttemptFailure, parseRetryAfter, RetryBudget } from "@effect-codepipeline/core/Retry"
import type { Signer } from "@effect-codepipeline/core/Signer"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Tracer from "effect/Tracer"
import { CredentialsError, TransportError } from "../../errors/common.js"
import type { CommonError } from "../../errors/common.js"
import type { ResponseMetadata } from "../../errors/metadata.js"
import type { AwsCredentials, CredentialsProvider } from "../Credentials.js"
import type { Callable } from "../Operation.js"
import type { HttpResponse, Transport } from "../Transport.js"
import * as Codec from "@effect-codepipeline/core/Codec"
import { isLiveClock, timeoutFail } from "./attemptTimeout.js"
import { encodeInput, loadCodec, toInputValidationError } from "./codec.js"
import { decodeOutput, toError } from "./protocol.js"
import { type Policy, withRetry } from "./retry.js"
import type { Service } from "./codePipeline.js"

export interface ClientConfig {
  readonly region: string
  readonly endpoint: URL
  readonly credentials: CredentialsProvider
  readonly signer: Signer
  readonly transport: Transport
  readonly retry: Policy
  readonly attemptTimeout: Duration.Duration | undefined
  readonly timeout: Duration.Duration | undefined
  readonly userAgent: string
}

const signError = (cause: unknown) =>
  new CredentialsError({ message: `could not sign the request: ${cause instanceof Error ? cause.message : String(cause)}` })

// Each credentials object revealed once, so that the core's caches per plain credentials hold.
const plainCredentials = CoreCredentials.revealedOnce(
  (credentials: AwsCredentials): CoreCredentials.Credentials => ({
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: Redacted.value(credentials.secretAccessKey),
    ...(credentials.sessionToken !== undefined ? { sessionToken: Redacted.value(credentials.sessionToken) } : {}),
  }),
)

/** What `execute` needs of an operation beyond the operation itself, computed on its first call. */
interface OperationInfo {
  /** The `x-amz-target` header. */
  readonly target: string
  readonly spanName: string
  readonly spanOptions: Tracer.SpanOptions
}

const TracerTag = Tracer.Tracer
let nativeTracer: Tracer.Tracer | undefined

export const makeClient = (config: ClientConfig): Service => {
  const budget = new RetryBudget(config.retry._tag === "Standard" ? config.retry.budget : false)
  const maxAttempts = config.retry._tag === "Standard" ? config.retry.maxAttempts : undefined
  const host = config.endpoint.host
  const spanAttributes = { "rpc.system": "aws-api", "rpc.service": "CodePipeline", "cloud.region": config.region }
  const attemptTimeout = config.attemptTimeout
  const attemptTimeoutMillis = attemptTimeout === undefined ? 0 : Duration.toMillis(attemptTimeout)
  const timeout = config.timeout
  const timeoutMillis = timeout === undefined ? 0 : Duration.toMillis(timeout)

  const infos = new WeakMap<Callable<any, any, any>, OperationInfo>()
  const infoOf = (operation: Callable<any, any, any>): OperationInfo => {
    let info = infos.get(operation)
    if (info === undefined) {
      info = {
        target: Protocol.TARGET_PREFIX + operation.name,
        spanName: `CodePipeline.${operation.name}`,
        spanOptions: {
          kind: "client",
          attributes: { ...spanAttributes, "rpc.method": operation.name },
          // The frame `withSpan` would capture (from a new `Error` on every call) is in this SDK's
          // code and the same for every call: it would tell a reader of the trace nothing.
          captureStackTrace: false,
        },
      }
      infos.set(operation, info)
    }
    return info
  }

  const execute = <I, O, E>(operation: Callable<I, O, E>, input: I): Effect.Effect<O, E | CommonError> => {
    const codec = operation.codec.value
    // Each operation's codec is loaded by its first call (see the core's `Codec.ClientOperation`).
    if (codec === undefined) return Effect.flatMap(loadCodec(operation), () => execute(operation, input))
    let body: string
    // Reading the input runs the caller's code (getters, Proxy traps), and serializing it reads it
    // again: whatever that throws is an `InputValidationError`, never a defect.
    try {
      // Filled before the first attempt so that every retry of this call carries the same token.
      const encoded = encodeInput(codec, Protocol.withIdempotencyToken(codec, input))
      if (Either.isLeft(encoded)) return Effect.fail(encoded.left)
      body = JSON.stringify(encoded.right)
    } catch (thrown) {
      return Effect.fail(toInputValidationError(operation.name, Codec.unreadable(thrown)))
    }
    const info = infoOf(operation)
    const callHeaders: Protocol.CallHeaders = {
      host,
      target: info.target,
      contentLength: String(Buffer.byteLength(body)),
      userAgent: config.userAgent,
      invocationId: crypto.randomUUID(),
      maxAttempts,
    }

    const attemptTimedOut = (n: number) => new TransportError({ reason: "Timeout", message: `${operation.name}: attempt ${n} timed out` })

    const call = (span: Tracer.Span | undefined, clock: Clock.Clock): Effect.Effect<O, E | CommonError> => {
      // On a `TestClock` the transport's wall-clock timer would not follow the test's time.
      const transportTimes = attemptTimeout === undefined || (config.transport.enforcesTimeout === true && isLiveClock(clock))
      // Called by `withRetry` when attempt `n` starts, so the clock read here (the signing date,
      // the deadline, the validity of cached credentials) is the attempt's own.
      const attempt = (n: number): Effect.Effect<O, AttemptFailure<E | CommonError>> => {
        const headers = Protocol.requestHeaders(callHeaders, n)
        const fail = (error: E | CommonError, retryAfter?: number, clockSkewCorrected = false) =>
          Effect.fail<AttemptFailure<E | CommonError>>({ error, retryAfter, clockSkewCorrected })
        const now = clock.unsafeCurrentTimeMillis()
        // The fast path: credentials at hand and the transport timing the exchange itself (or no
        // attempt timeout), so the attempt runs in the caller's fiber.
        const credentials = transportTimes ? config.credentials.unsafeCurrent?.(now) : undefined
        // Whose secrets to clear from what the server says (see the core's `Redact`): set when the
        // credentials are revealed to sign, which fails as signing does for credentials that are
        // not what their type says (from a caller's own provider).
        let signedWith: CoreCredentials.Credentials | undefined
        // Signed at `signingNow`; the transport given the time left until `deadline`, if any.
        const signAndSend = (credentials: AwsCredentials, signingNow: number, deadline: number | undefined) =>
          Effect.flatMap(
            Effect.tryPromise({
              try: () => config.signer.sign((signedWith = plainCredentials(credentials)), config.endpoint, headers, body, signingNow),
              catch: signError,
            }),
            (signed) =>
              config.transport.send({
                url: config.endpoint,
                headers: signed,
                body,
                timeoutMillis: deadline === undefined ? undefined : deadline - clock.unsafeCurrentTimeMillis(),
              }),
          )
        let send: Effect.Effect<HttpResponse, CredentialsError | TransportError>
        if (credentials !== undefined) {
          send = signAndSend(credentials, now, attemptTimeout === undefined ? undefined : now + attemptTimeoutMillis)
        } else {
          // Otherwise credentials may need fetching, and the whole attempt (fetching, signing,
          // sending) is timed by running it in a child fiber.
          send = Effect.flatMap(config.credentials.get, (credentials) =>
            signAndSend(credentials, clock.unsafeCurrentTimeMillis(), undefined),
          )
          if (attemptTimeout !== undefined) {
            send = timeoutFail(clock, send, attemptTimeout, attemptTimeoutMillis, () => attemptTimedOut(n))
          }
        }
        return Effect.matchEffect(send, {
          onFailure: (error) => {
            if (error._tag !== "TransportError") return fail(error)
            // A timeout reads the same whichever side timed it. A network error's message may quote
            // what the server sent.
            const message =
              error.reason === "Timeout"
                ? attemptTimedOut(n).message
                : scrubFor(signedWith)(error.message, Protocol.textLimits.transportMessage)
            return fail(new TransportError({ reason: error.reason, message, attempts: n }, true))
          },
          onSuccess: (response) => {
            const now = clock.unsafeCurrentTimeMillis()
            const skewed = config.signer.correct(response.headers["date"], now)
            const requestId = Protocol.requestId(response)
            const metadata: ResponseMetadata = { requestId, attempts: n, httpStatus: response.status }
            if (span !== undefined) {
              span.attribute(
                "aws.request_id",
                requestId === undefined ? "" : scrubFor(signedWith)(requestId, Protocol.textLimits.requestId),
              )
              span.attribute("aws.attempts", n)
              span.attribute("http.response.status_code", response.status)
            }
            if (response.status >= 200 && response.status < 300) {
              const output = decodeOutput(codec, response, metadata, signedWith)
              return Either.isRight(output) ? Effect.succeed(output.right) : fail(output.left)
            }
            const error = toError(operation, response, metadata, signedWith)
            return fail(error, parseRetryAfter(response.headers["retry-after"], now), skewed)
          },
        })
      }

      const retried = withRetry(attempt, config.retry, budget)
      if (timeout === undefined) return retried
      return timeoutFail(
        clock,
        retried,
        timeout,
        timeoutMillis,
        () => new TransportError({ reason: "Timeout", message: `${operation.name} timed out` }),
      )
    }

    return Effect.withFiberRuntime<O, E | CommonError>((fiber) => {
      const services = fiber.currentDefaultServices
      const clock = Context.get(services, Clock.Clock)
      // Effect's built-in tracer records spans nowhere, and nothing runs inside this one that could
      // look at it, so with that tracer the span is skipped: making it and keeping the call's
      // output alive in it was a third of the per-call CPU (see `bench/RESULTS.md`).
      if (Context.get(services, TracerTag) === (nativeTracer ??= Context.get(DefaultServices.liveServices, TracerTag))) {
        return call(undefined, clock)
      }
      return Effect.useSpan(info.spanName, info.spanOptions, (span) => Effect.withParentSpan(call(span, clock), span))
    })
  }
  return { execute }
}
