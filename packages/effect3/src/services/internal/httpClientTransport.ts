/**
 * A transport over any `@effect/platform` `HttpClient`: fetch in browsers and edge runtimes, or an
 * instrumented client the user provides.
 *
 * @internal
 */
// Mirror of src/services/internal/httpClientTransport.ts: the same transport over @effect/platform's HttpClient
// (3) and effect/http's (4), whose errors and header redaction differ; the message is the core's.
import * as Protocol from "@effect-codepipeline/core/Protocol"
import * as Effect from "effect/Effect"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { TransportError } from "../../errors/common.js"
import type { HttpRequest, HttpResponse, Transport } from "../Transport.js"

/**
 * `HttpClientError` carries the whole request (signature and session token included), so the
 * message is built from the error's reason and its cause only, by the core; only reading the reason
 * is this flavor's (its shape is what differs between Effect 3 and 4).
 */
const toTransportError = (error: HttpClientError.HttpClientError, request: HttpRequest): TransportError => {
  const parts: Array<string> = [error.reason]
  if (error.description !== undefined) parts.push(error.description)
  return new TransportError({ reason: "Network", message: Protocol.networkFailureMessage(parts, error.cause, request) })
}

const withSessionToken = (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> =>
  names.includes("x-amz-security-token") ? names : [...names, "x-amz-security-token"]

/**
 * Adapts the `HttpClient` in context. Every status, 4xx and 5xx included, is a response, not a
 * failure: the protocol reads the error body.
 *
 * @internal
 */
export const makeHttpClientTransport: Effect.Effect<Transport, never, HttpClient.HttpClient> = Effect.map(
  HttpClient.HttpClient,
  (client): Transport => ({
    send: (request) => {
      const headers = request.headers
      // `bodyText` would otherwise overwrite the signed content-type with its own default.
      const contentType = headers["content-type"] ?? "text/plain"
      const clientRequest = HttpClientRequest.bodyText(HttpClientRequest.post(request.url, { headers }), request.body, contentType)
      return client.execute(clientRequest).pipe(
        // An instrumented client records request headers on its span; platform redacts
        // `authorization` but not the session token.
        Effect.locallyWith(Headers.currentRedactedNames, withSessionToken),
        Effect.flatMap((response) =>
          Effect.map(response.text, (body): HttpResponse => ({ status: response.status, headers: response.headers, body })),
        ),
        Effect.mapError((error) => toTransportError(error, request)),
      )
    },
  }),
)
