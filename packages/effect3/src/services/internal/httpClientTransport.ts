/**
 * A transport over any `@effect/platform` `HttpClient`: fetch in browsers and edge runtimes, or an
 * instrumented client the user provides.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { TransportError } from "../../errors/common.js"
import type { HttpRequest, HttpResponse, Transport } from "../Transport.js"

/**
 * Builds the message from the error's reason and its cause only. `HttpClientError` carries the
 * whole request (signature and session token included), so nothing from it but the method and URL
 * may leak into the message; the cause's own message (`fetch failed`, `ECONNREFUSED`) is kept
 * because it is the part that says what happened.
 */
const toTransportError = (error: HttpClientError.HttpClientError, request: HttpRequest): TransportError => {
  const parts: Array<string> = [error.reason]
  if (error.description !== undefined) parts.push(error.description)
  let cause: unknown = error.cause
  // fetch wraps the socket error (`fetch failed` -> `connect ECONNREFUSED ...`); follow a few levels.
  for (let depth = 0; depth < 3 && cause !== undefined && cause !== null; depth++) {
    const c = cause as { message?: unknown; code?: unknown; cause?: unknown }
    if (typeof c.message === "string" && c.message !== "") parts.push(c.message)
    else if (typeof c.code === "string") parts.push(c.code)
    cause = c.cause
  }
  let message = `${parts.join(": ")} (POST ${request.url.href})`
  for (const name in request.headers) {
    const value = request.headers[name]!
    if (value.length >= 8 && message.includes(value)) message = message.split(value).join(`<${name}>`)
  }
  return new TransportError({ reason: "Network", message })
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
