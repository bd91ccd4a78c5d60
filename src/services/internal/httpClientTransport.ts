/**
 * A transport over any Effect `HttpClient` (`effect/http/HttpClient`): fetch in browsers and edge
 * runtimes, or an instrumented client the program provides.
 */
import * as Effect from "effect/Effect"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import { TransportError } from "../../errors/common.js"
import type { HttpRequest, HttpResponse, Transport } from "../Transport.js"

/**
 * Builds the message from the error's reason and its cause only. `HttpClientError` carries the
 * whole request (signature and session token included), so nothing from it but the URL may leak
 * into the message; the cause's own message (`fetch failed`, `ECONNREFUSED`) is kept because it is
 * the part that says what happened.
 */
const toTransportError = (error: HttpClientError.HttpClientError, request: HttpRequest): TransportError => {
  const reason = error.reason
  const parts: Array<string> = [reason._tag]
  if ("description" in reason && typeof reason.description === "string") parts.push(reason.description)
  let cause: unknown = reason.cause
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
        Effect.flatMap((response) =>
          Effect.map(response.text, (body): HttpResponse => ({ status: response.status, headers: response.headers, body })),
        ),
        // An instrumented client records request headers on its span; `Headers` redacts
        // `authorization` by default but not the session token.
        Effect.updateService(Headers.CurrentRedactedNames, withSessionToken),
        Effect.mapError((error) => toTransportError(error, request)),
      )
    },
  }),
)
