/**
 * The seam between the protocol and the network: one signed request in, one complete response out.
 * `layer` uses the core's pooled `node:http`/`node:https` engine; `layerHttpClient` any Effect
 * `HttpClient` the program provides (fetch in browsers and edge runtimes, instrumented clients).
 *
 * @since 0.1.0
 */
import type * as Protocol from "@effect-codepipeline/core/Protocol"
import type * as Effect from "effect/Effect"
import type { TransportError } from "../errors/common.js"

/**
 * A request as it goes on the wire. `headers` are lower-case and already signed.
 *
 * @since 0.1.0
 * @category models
 */
export interface HttpRequest extends Protocol.HttpRequest {
  /**
   * How long the exchange may take, in milliseconds, from sending the request to the last byte of
   * the response. Set by the client from `attemptTimeout` only for a transport that declares
   * {@link Transport.enforcesTimeout}; the client enforces it around any other transport.
   */
  readonly timeoutMillis?: number | undefined
}

/**
 * A complete response. Header names are lower-case.
 *
 * @since 0.1.0
 * @category models
 */
export interface HttpResponse extends Protocol.HttpResponse {}

/**
 * Sends one `POST`. Fails with a `TransportError` (`reason: "Network"`) when no complete response
 * arrives; never fails for an HTTP error status, which the protocol interprets. Interrupting the
 * effect aborts the request.
 *
 * @since 0.1.0
 * @category models
 */
export interface Transport {
  readonly send: (request: HttpRequest) => Effect.Effect<HttpResponse, TransportError>
  /**
   * `true` when `send` enforces `request.timeoutMillis` itself, on the wall clock, failing with a
   * `TransportError` (`reason: "Timeout"`). The client can then skip running each attempt in a
   * fiber of its own to time it out, which is most of what a timeout costs per call.
   */
  readonly enforcesTimeout?: boolean | undefined
}
