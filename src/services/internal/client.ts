/**
 * The live `CodePipeline` service: one generic `execute` that encodes, signs, sends, retries and
 * decodes any operation over awsJson1_1. Written without `Effect.gen` and with as few steps as the
 * work needs, because this is the per-call overhead the benchmarks measure.
 */
import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { CredentialsError, TransportError } from "../../errors/common.js"
import type { CommonError } from "../../errors/common.js"
import type { ResponseMetadata } from "../../errors/metadata.js"
import type { CredentialsProvider } from "../Credentials.js"
import type { Operation } from "../Operation.js"
import type { HttpResponse, Transport } from "../Transport.js"
import { encodeInput } from "./encode.js"
import { CONTENT_TYPE, decodeOutput, TARGET_PREFIX, toError } from "./protocol.js"
import { type AttemptFailure, parseRetryAfter, type Policy, RetryBudget, withRetry } from "./retry.js"
import type { Service } from "./service.js"
import type { Signer } from "./signer.js"

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

const requestIdOf = (response: HttpResponse) => response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"]

export const makeClient = (config: ClientConfig): Service => {
  const budget = new RetryBudget(config.retry._tag === "Standard" ? config.retry.budget : false)
  const maxAttempts = config.retry._tag === "Standard" ? config.retry.maxAttempts : undefined
  const host = config.endpoint.host
  const spanAttributes = { "rpc.system": "aws-api", "rpc.service": "CodePipeline", "cloud.region": config.region }

  const execute = <I, O, E>(operation: Operation<I, O, E>, input: I): Effect.Effect<O, E | CommonError> => {
    let payload = input
    const token = operation.idempotencyToken
    // Filled before the first attempt so that every retry of this call carries the same token.
    if (token !== undefined && (input as Record<string, unknown> | undefined)?.[token] === undefined) {
      payload = { ...input, [token]: crypto.randomUUID() }
    }
    const encoded = encodeInput(operation, payload)
    if (Either.isLeft(encoded)) return Effect.fail(encoded.left)
    const body = JSON.stringify(encoded.right)
    const invocationId = crypto.randomUUID()
    const target = TARGET_PREFIX + operation.name

    const attempt = (n: number): Effect.Effect<O, AttemptFailure<E | CommonError>> => {
      const headers: Record<string, string> = {
        host,
        "content-type": CONTENT_TYPE,
        "x-amz-target": target,
        "content-length": String(Buffer.byteLength(body)),
        "user-agent": config.userAgent,
        "amz-sdk-invocation-id": invocationId,
        "amz-sdk-request": maxAttempts === undefined ? `attempt=${n}` : `attempt=${n}; max=${maxAttempts}`,
      }
      const fail = (error: E | CommonError, retryAfter?: number, clockSkewCorrected = false) =>
        Effect.fail<AttemptFailure<E | CommonError>>({ error, retryAfter, clockSkewCorrected })
      let send = Effect.flatMap(config.credentials.get, (credentials) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.flatMap(
            Effect.tryPromise({
              try: () => config.signer.sign(credentials, config.endpoint, headers, body, now),
              catch: (cause) =>
                new CredentialsError({ message: `could not sign the request: ${cause instanceof Error ? cause.message : String(cause)}` }),
            }),
            (signed) => config.transport.send({ url: config.endpoint, headers: signed, body }),
          ),
        ),
      )
      if (config.attemptTimeout !== undefined) {
        const duration = config.attemptTimeout
        send = Effect.timeoutFail(send, {
          duration,
          onTimeout: () => new TransportError({ reason: "Timeout", message: `${operation.name}: attempt ${n} timed out` }),
        })
      }
      return Effect.matchEffect(send, {
        onFailure: (error) => {
          const withAttempts = error._tag === "TransportError" ? new TransportError({ ...error, attempts: n }, true) : error
          return fail(withAttempts)
        },
        onSuccess: (response) =>
          Effect.flatMap(Clock.currentTimeMillis, (now) => {
            const skewed = config.signer.correct(response.headers["date"], now)
            const requestId = requestIdOf(response)
            const metadata: ResponseMetadata = { requestId, attempts: n, httpStatus: response.status }
            const annotate = Effect.annotateCurrentSpan({
              "aws.request_id": requestId ?? "",
              "aws.attempts": n,
              "http.response.status_code": response.status,
            })
            if (response.status >= 200 && response.status < 300) {
              const output = decodeOutput(operation, response, metadata)
              return Effect.zipRight(annotate, Either.isRight(output) ? Effect.succeed(output.right) : fail(output.left))
            }
            const error = toError(operation, response, metadata)
            return Effect.zipRight(annotate, fail(error, parseRetryAfter(response.headers["retry-after"], now), skewed))
          }),
      })
    }

    let call = withRetry(attempt, config.retry, budget)
    if (config.timeout !== undefined) {
      const duration = config.timeout
      call = Effect.timeoutFail(call, {
        duration,
        onTimeout: () => new TransportError({ reason: "Timeout", message: `${operation.name} timed out` }),
      })
    }
    return Effect.withSpan(call, `CodePipeline.${operation.name}`, {
      kind: "client",
      attributes: { ...spanAttributes, "rpc.method": operation.name },
    })
  }
  return { execute }
}
